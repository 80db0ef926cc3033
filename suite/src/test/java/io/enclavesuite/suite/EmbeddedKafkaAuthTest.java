package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.eventtopics.EventTopicRetention;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The in-process broker against an attacker on the same machine: without a login nothing at all, with a wrong one
 * nothing either, and with a service's own login only what that service needs. Every login here is read from the
 * files the suite leaves in the data folder, as enclavectl or Kafka's tools would use them.
 */
class EmbeddedKafkaAuthTest {

    @TempDir
    static Path dataDir;
    private static final TopicNames topics = new TopicNames("auth.");
    private static EmbeddedKafkaServer kafka;
    private static int controllerPort;

    @BeforeAll
    static void start() throws Exception {
        controllerPort = freePort();
        kafka = EmbeddedKafkaServer.start(dataDir.resolve("kafka"), freePort(), controllerPort);
        kafka.ensureUsers(clients(), topics);
        kafka.ensureTopics(topics, 1);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void eachClientsLoginIsAFileOnlyItsOwnerReads() throws Exception {
        for (String user : KafkaUsers.ALL) {
            Path file = clients().resolve(user + ".properties");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(login(user)).containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        }
        assertThat(Files.getPosixFilePermissions(clients())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void anAnonymousClientCanNeitherListNorReadNorForgeAnEvent() throws Exception {
        Properties anonymous = new Properties(); // PLAINTEXT, as every client could before
        try (Admin admin = Admin.create(withBootstrap(anonymous))) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).satisfies(refusedOrUnanswered());
        }
        try (KafkaProducer<String, String> producer = producer(anonymous)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.enclaveEvents(), "growth",
                    "{\"type\":\"EnclaveOwnershipTransferred\",\"forged\":true}")).get())
                    .satisfies(refusedOrUnanswered());
        }
        try (KafkaConsumer<String, String> consumer = consumer(anonymous)) {
            assertThatThrownBy(() -> consumer.partitionsFor(topics.enclaveEvents(), Duration.ofSeconds(3)))
                    .satisfies(refusedOrUnanswered());
        }
        // the controller's listener is no way round
        Map<String, Object> controller = new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
                "127.0.0.1:" + controllerPort, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000));
        try (Admin admin = Admin.create(controller)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get()).satisfies(refusedOrUnanswered());
        }
        assertThat(readAll(login(KafkaUsers.ENCLAVE_QUERY), topics.enclaveEvents())).noneMatch(v -> v.contains("forged"));
    }

    @Test
    void aWrongPasswordAnUnknownUserAndAnotherMechanismAreRefused() throws Exception {
        Properties wrong = login(KafkaUsers.ENCLAVE_COMMAND);
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"enclave-command\" password=\"guessed\";");
        assertRefusedLogin(wrong);
        Properties unknown = login(KafkaUsers.ENCLAVE_COMMAND);
        unknown.put("sasl.jaas.config", unknown.getProperty("sasl.jaas.config").replace("enclave-command", "intruder"));
        assertRefusedLogin(unknown);
        // PLAIN knows the broker admin only, with a password that is in no file
        for (String user : List.of(EmbeddedKafkaServer.ADMIN, KafkaUsers.ENCLAVE_COMMAND)) {
            Properties plain = login(KafkaUsers.ENCLAVE_COMMAND);
            String password = plain.getProperty("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1");
            plain.put("sasl.mechanism", "PLAIN");
            plain.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "username=\"" + user + "\" password=\"" + password + "\";");
            assertRefusedLogin(plain);
        }
        // and a service's own login does not open the controller's listener
        Map<String, Object> controller = new HashMap<>();
        login(KafkaUsers.ENCLAVECTL).forEach((k, v) -> controller.put(k.toString(), v));
        controller.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "127.0.0.1:" + controllerPort);
        controller.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        controller.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        try (Admin admin = Admin.create(controller)) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(AuthenticationException.class));
        }
    }

    @Test
    void theGatewaySendsCommandsButCanNeitherForgeAnEventNorReadOthersCommands() throws Exception {
        Properties gateway = login(KafkaUsers.SLACK_GATEWAY);
        try (KafkaProducer<String, String> producer = producer(gateway)) {
            producer.send(new ProducerRecord<>(topics.commands(), "growth", "a command")).get();
            for (String events : List.of(topics.enclaveEvents(), topics.coordinationEvents(), topics.receiptsEvents())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(events, "growth", "forged")).get())
                        .as(events).satisfies(notAuthorized());
            }
        }
        for (String topic : List.of(topics.commands(), topics.coordinationCommands(), topics.commandsDeadLetter())) {
            assertCannotRead(gateway, topic);
        }
        assertThat(readAll(login(KafkaUsers.ENCLAVE_QUERY), topics.enclaveEvents())).noneMatch(v -> v.equals("forged"));
    }

    @Test
    void theReadSideReadsEventsAndWritesNothing() throws Exception {
        Properties query = login(KafkaUsers.ENCLAVE_QUERY);
        try (KafkaProducer<String, String> producer = producer(query)) {
            for (String topic : List.of(topics.commands(), topics.coordinationCommands(), topics.enclaveEvents(),
                    topics.coordinationEvents(), topics.commandResults())) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "growth", "forged")).get())
                        .as(topic).satisfies(notAuthorized());
            }
        }
        assertCannotRead(query, topics.commands());
        assertCannotRead(query, topics.commandResults());
        assertThat(readAll(query, topics.coordinationEvents())).isEmpty(); // allowed, and nothing got in
    }

    /** The suite makes its event topics to keep everything; their readers may check that at start, not change it. */
    @Test
    void eachReaderOfTheEventTopicsMayCheckTheyKeepEverythingAndNobodyMayChangeThat() throws Exception {
        Map<String, List<String>> readers = Map.of(
                KafkaUsers.ENCLAVE_QUERY, List.of(topics.enclaveEvents(), topics.coordinationEvents()),
                KafkaUsers.COORDINATION_SERVICE, List.of(topics.enclaveEvents()),
                KafkaUsers.SLACK_GATEWAY, List.of(topics.enclaveEvents(), topics.coordinationEvents()));
        readers.forEach((user, read) -> retentionCheck(user, read).check());

        assertThatThrownBy(() -> retentionCheck(KafkaUsers.ENCLAVECTL, List.of(topics.enclaveEvents())).check())
                .isInstanceOf(EventTopicRetention.EventTopicsExpire.class);
        for (String user : readers.keySet()) {
            try (Admin admin = Admin.create(withBootstrap(login(user)))) {
                assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, topics.enclaveEvents()),
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET))))
                        .all().get()).as(user).satisfies(notAuthorized());
            }
        }
    }

    private static EventTopicRetention retentionCheck(String user, List<String> read) {
        try {
            return new EventTopicRetention(withBootstrap(login(user)), read, 1, (short) 1, Duration.ofSeconds(30));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theEnclaveWriteSidePublishesItsOwnEventsOnly() throws Exception {
        try (KafkaProducer<String, String> producer = producer(login(KafkaUsers.ENCLAVE_COMMAND))) {
            producer.send(new ProducerRecord<>(topics.enclaveEvents(), "published", "an event")).get();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topics.coordinationEvents(), "room", "forged"))
                    .get()).satisfies(notAuthorized());
        }
        await().atMost(Duration.ofSeconds(30)).until(
                () -> readAll(login(KafkaUsers.ENCLAVE_QUERY), topics.enclaveEvents()).contains("an event"));
        assertThat(readAll(login(KafkaUsers.COORDINATION_SERVICE), topics.enclaveEvents())).contains("an event");
    }

    @Test
    void aConsumerGroupIsUsableOnlyByItsService() throws Exception {
        Properties gateway = login(KafkaUsers.SLACK_GATEWAY);
        gateway.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "slack-gateway-events");
        try (KafkaConsumer<String, String> consumer = consumer(gateway)) {
            consumer.subscribe(List.of(topics.enclaveEvents()));
            consumer.poll(Duration.ofSeconds(2));
        }
        Properties query = login(KafkaUsers.ENCLAVE_QUERY);
        query.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "slack-gateway-events");
        try (KafkaConsumer<String, String> consumer = consumer(query)) {
            consumer.subscribe(List.of(topics.enclaveEvents()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5))).satisfies(notAuthorized());
        }
    }

    static Path clients() {
        return dataDir.resolve("kafka-clients");
    }

    private static Properties login(String user) throws Exception {
        return login(clients(), user);
    }

    /** A user's file as any Kafka client would load it. */
    static Properties login(Path folder, String user) throws Exception {
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(user + ".properties"))) {
            settings.load(in);
        }
        return settings;
    }

    private static void assertRefusedLogin(Properties settings) {
        try (Admin admin = Admin.create(withBootstrap(settings))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(AuthenticationException.class));
        }
    }

    /** The broker answers the reader's fetch with a refusal (whether or not the topic holds anything). */
    private static void assertCannotRead(Properties settings, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(settings)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            await(topic).atMost(Duration.ofSeconds(10)).until(() -> {
                try {
                    consumer.poll(Duration.ofMillis(200));
                    return false;
                } catch (AuthorizationException refused) {
                    return true;
                }
            });
        }
    }

    private static java.util.function.Consumer<Throwable> notAuthorized() {
        return e -> assertThat(causes(e)).hasAtLeastOneElementOfType(AuthorizationException.class);
    }

    /** A plaintext client on a SASL listener is cut off before it is answered: it gives up, or hears a refusal. */
    static java.util.function.Consumer<Throwable> refusedOrUnanswered() {
        return e -> assertThat(causes(e)).anySatisfy(cause -> assertThat(cause)
                .isInstanceOfAny(TimeoutException.class, java.util.concurrent.TimeoutException.class,
                        AuthenticationException.class));
    }

    static List<Throwable> causes(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Map<String, Object> withBootstrap(Properties settings) {
        return withBootstrap(kafka.bootstrapServers(), settings);
    }

    private static Map<String, Object> withBootstrap(String bootstrapServers, Properties settings) {
        Map<String, Object> config = new HashMap<>();
        settings.forEach((k, v) -> config.put(k.toString(), v));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        return config;
    }

    private static KafkaProducer<String, String> producer(Properties settings) {
        return producerTo(kafka.bootstrapServers(), settings);
    }

    static KafkaProducer<String, String> producerTo(String bootstrapServers, Properties settings) {
        Map<String, Object> config = withBootstrap(bootstrapServers, settings);
        config.remove(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Properties settings) {
        Map<String, Object> config = withBootstrap(settings);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Every record of the topic's partitions, read without a consumer group as the read side does. */
    private static List<String> readAll(Properties settings, String topic) {
        return readAll(kafka, settings, topic);
    }

    static List<String> readAll(EmbeddedKafkaServer kafka, Properties settings, String topic) {
        Map<String, Object> config = new HashMap<>();
        settings.forEach((k, v) -> config.put(k.toString(), v));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (consumer.position(partitions.get(0)) < end.get(partitions.get(0))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
