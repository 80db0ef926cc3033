package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker in this JVM whose log lives under the data folder, so topics and offsets survive
 * a restart just as the event store does (consumers' stored offsets must not point past an emptied topic). Built on
 * Kafka's own server classes: the storage directory is formatted once, then {@link KafkaRaftServer} runs it.
 * <p>
 * Nobody reaches it anonymously. Clients log in with SCRAM-SHA-256 ({@link #ensureUsers}: a user per client of the
 * suite, with the ACLs of {@link KafkaUsers}). The broker admin, the one super user, logs in with SASL/PLAIN as the
 * only user of the broker's own configuration, and is all the controller's listener admits. Its password is new at
 * every start and never written down: the suite creates the topics, the users and the ACLs with it, and nothing
 * else has it.
 */
final class EmbeddedKafkaServer implements AutoCloseable {

    private static final int NODE_ID = 1;
    static final String ADMIN = "broker-admin";
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String adminPassword;

    private EmbeddedKafkaServer(KafkaRaftServer server, String bootstrapServers, String adminPassword) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.adminPassword = adminPassword;
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
        String adminPassword = password(new SecureRandom());
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + loopback + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + listener + ":" + port + "," + CONTROLLER_LISTENER + "://"
                + loopback + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + advertised + ":" + port);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER
                + ":SASL_PLAINTEXT");
        // Clients log in with SCRAM, whose credentials are in the metadata log (ensureUsers). The admin logs in with
        // PLAIN, whose one user is in this configuration: the way in before any SCRAM credential exists (a fresh
        // folder, or one from before the broker had users), on the controller's listener (the broker itself) and on
        // the clients' (the suite, and the broker's traffic to itself, were any producer transactional).
        props.put("sasl.enabled.mechanisms", KafkaLogin.MECHANISM + ",PLAIN");
        props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        props.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        props.put("sasl.mechanism.controller.protocol", "PLAIN");
        String adminOnly = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";";
        props.put("listener.name.client.plain.sasl.jaas.config", adminOnly);
        props.put("listener.name.controller.plain.sasl.jaas.config", adminOnly);
        // SCRAM's users are the metadata log's, not the configuration's: its server side needs no options
        props.put("listener.name.client.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("allow.everyone.if.no.acl.found", "false");
        props.put("super.users", "User:" + ADMIN);
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
        return new EmbeddedKafkaServer(server, connect + ":" + port, adminPassword);
    }

    /** 32 random bytes, URL-safe: nothing a JAAS string or a properties file would need to escape. */
    static String password(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
        try (Admin admin = Admin.create(adminSettings())) {
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

    /**
     * Gives each of {@link KafkaUsers#ALL} its login (its file in {@code folder}, made the first time) and exactly the
     * ACLs of {@link KafkaUsers#acls}: credentials are set again from the files and ACLs not in the matrix are
     * removed, so a deleted file means a new password and the ACLs follow the topic prefix. It returns once the
     * broker has them all, so a client started next is let in.
     *
     * @return each user's login
     */
    Map<String, KafkaLogin> ensureUsers(Path folder, TopicNames topics) throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, KafkaLogin> logins = new LinkedHashMap<>();
        for (String user : KafkaUsers.ALL) {
            logins.put(user, KafkaLogin.loadOrCreate(folder, user, random));
        }
        Set<AclBinding> wanted = KafkaUsers.acls(topics);
        try (Admin admin = Admin.create(adminSettings())) {
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            logins.values().forEach(login -> credentials.add(scram(login.user(), login.password())));
            admin.alterUserScramCredentials(credentials).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            List<AclBinding> missing = wanted.stream().filter(acl -> !existing.contains(acl)).toList();
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            List<AclBindingFilter> stale = existing.stream().filter(acl -> !wanted.contains(acl))
                    .map(AclBinding::toFilter).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        }
        // The controller has them; the broker takes its records a moment later. Wait until every user logs in there
        // and the broker's authorizer holds exactly the matrix.
        for (KafkaLogin login : logins.values()) {
            awaitOnBroker("the login of " + login.user(), login.clientSettings(), EmbeddedKafkaServer::answers);
        }
        awaitOnBroker("the ACLs", adminLogin(), admin -> Set.copyOf(admin.describeAcls(AclBindingFilter.ANY)
                .values().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).equals(wanted));
        return logins;
    }

    /** Whether the broker answers a request, which it does only to a client that logged in. */
    private static boolean answers(Admin admin) throws Exception {
        return admin.describeCluster().clusterId().get(PATIENCE.toSeconds(), TimeUnit.SECONDS) != null;
    }

    private static UserScramCredentialAlteration scram(String user, String password) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                password);
    }

    private interface Check {
        boolean holds(Admin admin) throws Exception;
    }

    /** Asks the broker as {@code settings}' user until {@code check} holds; a refused login is asked again. */
    private void awaitOnBroker(String what, Map<String, String> settings, Check check) throws Exception {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(config)) {
                if (check.holds(admin)) {
                    return;
                }
                last = null;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException)) {
                    throw e;
                }
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("the in-process Kafka broker did not take " + what + " within " + PATIENCE
                + (last == null ? "" : ": " + last.getCause().getMessage()));
    }

    /** How the suite itself logs in on the clients' listener: as the admin. */
    Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>(adminLogin());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return settings;
    }

    private Map<String, String> adminLogin() {
        return Map.of(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, "PLAIN",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + ADMIN + "\" password=\"" + adminPassword + "\";");
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
