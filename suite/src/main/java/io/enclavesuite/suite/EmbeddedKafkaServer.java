package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker in this JVM whose log lives under the data folder, so topics and offsets survive
 * a restart just as the event store does (consumers' stored offsets must not point past an emptied topic). Built on
 * Kafka's own server classes: the storage directory is formatted once, then {@link KafkaRaftServer} runs it.
 */
final class EmbeddedKafkaServer implements AutoCloseable {

    private static final int NODE_ID = 1;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaServer(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static EmbeddedKafkaServer start(Path logDir, int port, int controllerPort) throws Exception {
        return start(logDir, port, controllerPort, InetAddress.getLoopbackAddress());
    }

    /**
     * A broker whose clients' listener is bound to {@code address} ({@code 0.0.0.0}: every interface). The KRaft
     * controller's listener, which only this broker talks to, stays on loopback.
     */
    static EmbeddedKafkaServer start(Path logDir, int port, int controllerPort, InetAddress address) throws Exception {
        Files.createDirectories(logDir);
        String dir = logDir.toAbsolutePath().toString();
        String loopback = InetAddress.getLoopbackAddress().getHostAddress();
        String listener = uri(address);
        // what clients are told to connect to: a wildcard is no address, the machine's name is
        String advertised = address.isAnyLocalAddress() ? InetAddress.getLocalHost().getCanonicalHostName() : listener;
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + loopback + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + listener + ":" + port + ",CONTROLLER://" + loopback + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + advertised + ":" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", dir);
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        KafkaConfig config = KafkaConfig.fromProps(props);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(dir)
                    .setDirectories(List.of(dir))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the in-process Kafka broker did not start (" + e.getMessage()
                    + "). Are ports " + port + " and " + controllerPort + " free (--kafka-port=, "
                    + "--kafka-controller-port=)? Or use a broker of your own with --spring.kafka.bootstrap-servers=", e);
        }
        String connect = address.isAnyLocalAddress() ? loopback : listener;
        return new EmbeddedKafkaServer(server, connect + ":" + port);
    }

    /** An address as a listener URI's host: IPv6 in brackets. */
    private static String uri(InetAddress address) {
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the missing ones with their configuration; topics that exist keep their partitions, and get the
     * configuration the suite gives them now (a data folder from before the command topics were broker-stamped).
     */
    void ensureTopics(TopicNames topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.all().stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1).configs(topics.configOf(n))).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            Map<ConfigResource, Collection<AlterConfigOp>> updates = new java.util.HashMap<>();
            for (String name : topics.all()) {
                if (existing.contains(name) && !topics.configOf(name).isEmpty()) {
                    updates.put(new ConfigResource(ConfigResource.Type.TOPIC, name), topics.configOf(name).entrySet()
                            .stream().map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()),
                                    AlterConfigOp.OpType.SET)).toList());
                }
            }
            if (!updates.isEmpty()) {
                admin.incrementalAlterConfigs(updates).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
