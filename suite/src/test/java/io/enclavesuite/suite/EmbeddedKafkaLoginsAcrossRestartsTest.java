package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static io.enclavesuite.suite.EmbeddedKafkaAuthTest.causes;
import static io.enclavesuite.suite.EmbeddedKafkaAuthTest.freePort;
import static io.enclavesuite.suite.EmbeddedKafkaAuthTest.login;
import static io.enclavesuite.suite.EmbeddedKafkaAuthTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The broker's logins and ACLs are remade from the data folder at every start, whatever the folder's age. */
class EmbeddedKafkaLoginsAcrossRestartsTest {

    @Test
    void aFolderOfTheBrokerBeforeLoginsKeepsItsRecordsAndOffsetsAndGetsLogins(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("kafka");
        Path clients = dataDir.resolve("kafka-clients");
        int port = freePort();
        int controllerPort = freePort();
        TopicNames topics = new TopicNames("");
        TopicPartition events = new TopicPartition(topics.enclaveEvents(), 0);
        KafkaRaftServer old = startAsBeforeLogins(log, port, controllerPort);
        try {
            Map<String, Object> anyone = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            try (Admin admin = Admin.create(anyone)) {
                admin.createTopics(List.of(new NewTopic(topics.enclaveEvents(), 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = EmbeddedKafkaAuthTest.producerTo("127.0.0.1:" + port,
                    new Properties())) {
                producer.send(new ProducerRecord<>(topics.enclaveEvents(), "growth", "before the upgrade")).get();
            }
            // the gateway's event feed had read it
            Map<String, Object> feed = new HashMap<>(anyone);
            feed.put(ConsumerConfig.GROUP_ID_CONFIG, "slack-gateway-events");
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(feed, new StringDeserializer(), new StringDeserializer())) {
                consumer.commitSync(Map.of(events, new OffsetAndMetadata(1)));
            }
        } finally {
            old.shutdown();
            old.awaitShutdown();
        }

        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(log, port, controllerPort)) {
            kafka.ensureUsers(clients, topics);
            kafka.ensureTopics(topics, 1);
            assertThat(readAll(kafka, login(clients, KafkaUsers.ENCLAVE_QUERY), topics.enclaveEvents()))
                    .containsExactly("before the upgrade");
            Map<String, Object> feed = new HashMap<>();
            login(clients, KafkaUsers.SLACK_GATEWAY).forEach((k, v) -> feed.put(k.toString(), v));
            feed.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            feed.put(ConsumerConfig.GROUP_ID_CONFIG, "slack-gateway-events");
            try (KafkaConsumer<String, String> consumer =
                         new KafkaConsumer<>(feed, new StringDeserializer(), new StringDeserializer())) {
                assertThat(consumer.committed(Set.of(events)).get(events).offset()).isEqualTo(1);
            }
            // what was open to anyone before is not any more
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
                assertThatThrownBy(() -> admin.listTopics().names().get())
                        .satisfies(EmbeddedKafkaAuthTest.refusedOrUnanswered());
            }
        }
    }

    @Test
    void aRestartKeepsEachPasswordAndADeletedFileMeansANewOne(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("kafka");
        Path clients = dataDir.resolve("kafka-clients");
        int port = freePort();
        int controllerPort = freePort();
        TopicNames first = new TopicNames("first.");
        Path gatewayFile = clients.resolve(KafkaUsers.SLACK_GATEWAY + ".properties");
        String before;
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(log, port, controllerPort)) {
            kafka.ensureUsers(clients, first);
            before = Files.readString(gatewayFile);
        }
        Properties old = login(clients, KafkaUsers.SLACK_GATEWAY);
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(log, port, controllerPort)) {
            kafka.ensureUsers(clients, first);
            assertThat(Files.readString(gatewayFile)).isEqualTo(before);
            assertThat(logsIn(kafka, old)).isTrue();
        }

        Files.delete(gatewayFile); // how an operator changes a password
        TopicNames second = new TopicNames("second.");
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(log, port, controllerPort)) {
            kafka.ensureUsers(clients, second);
            assertThat(Files.readString(gatewayFile)).isNotEqualTo(before);
            assertThat(logsIn(kafka, login(clients, KafkaUsers.SLACK_GATEWAY))).isTrue();
            assertThat(logsIn(kafka, old)).isFalse();
            // the ACLs are the matrix for the topics of now, nothing left over from the earlier prefix
            try (Admin admin = Admin.create(kafka.adminSettings())) {
                assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get())
                        .containsExactlyInAnyOrderElementsOf(KafkaUsers.acls(second));
            }
        }
    }

    private static boolean logsIn(EmbeddedKafkaServer kafka, Properties login) {
        Map<String, Object> config = new HashMap<>();
        login.forEach((k, v) -> config.put(k.toString(), v));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get();
            return true;
        } catch (Exception e) {
            assertThat(causes(e)).hasAtLeastOneElementOfType(AuthenticationException.class);
            return false;
        }
    }

    /** The broker as EmbeddedKafkaServer started it before it had logins: PLAINTEXT everywhere, no authorizer. */
    private static KafkaRaftServer startAsBeforeLogins(Path logDir, int port, int controllerPort) throws Exception {
        Files.createDirectories(logDir);
        String dir = logDir.toAbsolutePath().toString();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
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
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(dir)
                .setDirectories(List.of(dir))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return server;
    }
}
