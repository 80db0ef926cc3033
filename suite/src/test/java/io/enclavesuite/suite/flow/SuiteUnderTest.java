package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.Topics;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command and query services as two Spring contexts in this JVM, wired to the test infrastructure (real
 * PostgreSQL, a real Kafka broker, a Kubernetes API) with a database and topic prefix of their own — plus a
 * Kafka client that sends envelopes and collects what comes back.
 */
final class SuiteUnderTest implements AutoCloseable {

    final TestInfrastructure infrastructure = TestInfrastructure.get();
    final String jdbcUrl = infrastructure.newDatabase();
    final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    final JdbcTemplate database;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final KafkaProducer<String, String> producer;
    private final List<CommandResult> results = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Thread collector;
    private volatile boolean collecting = true;
    private volatile Exception collectorFailure;
    ConfigurableApplicationContext command;
    ConfigurableApplicationContext query;

    SuiteUnderTest() {
        database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        collector = new Thread(this::collect, "suite-under-test-collector");
        collector.setDaemon(true);
    }

    /** Starts a service with the test's infrastructure; command-line arguments win over its own yml. */
    ConfigurableApplicationContext start(org.springframework.boot.builder.SpringApplicationBuilder service,
                                         Class<?>... extraConfiguration) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> property : infrastructure.springProperties(jdbcUrl, topics.prefix()).entrySet()) {
            args.add("--" + property.getKey() + "=" + property.getValue());
        }
        args.add("--server.port=0");
        return service.sources(extraConfiguration).run(args.toArray(String[]::new));
    }

    SuiteUnderTest startAll() {
        command = start(EnclaveCommandApplication.application());
        query = start(EnclaveQueryApplication.application());
        return this;
    }

    /** An envelope sent from the channel the payload names (as the Slack gateway would), or from none. */
    CommandEnvelope envelope(UUID commandId, String type, String payloadJson) throws Exception {
        var payload = json.readTree(payloadJson);
        String channel = payload.path("channel").path("id").asText(null);
        return envelope(commandId, type, payloadJson, channel);
    }

    CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel) throws Exception {
        return envelope(commandId, type, payloadJson, fromChannel, "U0ALICE");
    }

    CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel, String actor)
            throws Exception {
        return new CommandEnvelope(commandId, type, json.readTree(payloadJson), actor, fromChannel,
                Instant.parse("2026-11-22T10:00:00Z"));
    }

    /** Sends one command as {@code actor} from {@code fromChannel} and waits for its result. */
    CommandResult execute(String key, String type, String payloadJson, String actor, String fromChannel)
            throws Exception {
        UUID commandId = UUID.randomUUID();
        send(key, envelope(commandId, type, payloadJson, fromChannel, actor));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !resultsFor(commandId).isEmpty());
        return resultsFor(commandId).get(0);
    }

    void send(String key, CommandEnvelope envelope) throws Exception {
        sendRaw(key, json.writeValueAsString(envelope));
    }

    void sendRaw(String key, String value) throws Exception {
        startCollecting();
        ProducerRecord<String, String> record = new ProducerRecord<>(topics.commands(), key, value);
        record.headers().add(Topics.SOURCE_HEADER, "suite-test".getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    List<CommandResult> resultsFor(UUID commandId) {
        collectorAlive();
        return results.stream().filter(r -> r.commandId().equals(commandId)).toList();
    }

    List<DeadLetter> deadLetters() {
        collectorAlive();
        return deadLetters;
    }

    long storedEvents(String aggregateId) {
        return database.queryForObject(
                "select count(*) from enclave_command.domainevententry where aggregateidentifier = ?",
                Long.class, aggregateId);
    }

    /** The payload types of an aggregate's events, in order. */
    List<String> storedEventTypes(String aggregateId) {
        return database.queryForList("""
                        select payloadtype from enclave_command.domainevententry where aggregateidentifier = ?
                        order by sequencenumber""", String.class, aggregateId);
    }

    long storedEvents() {
        return database.queryForObject("select count(*) from enclave_command.domainevententry", Long.class);
    }

    HttpResponse<String> get(String path) throws Exception {
        int port = ((WebServerApplicationContext) query).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Once the services are up, so the topics exist with all their partitions (a consumer subscribing earlier would
     * have them auto-created with one partition and miss the ones the services add).
     */
    private synchronized void startCollecting() {
        if (!collector.isAlive() && collectorFailure == null) {
            collector.start();
        }
    }

    private void collect() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "test-collector");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.commandResults(), topics.commandsDeadLetter()));
            while (collecting) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.commandResults())) {
                        results.add(json.readValue(record.value(), CommandResult.class));
                    } else {
                        deadLetters.add(json.readValue(record.value(), DeadLetter.class));
                    }
                }
            }
        } catch (Exception e) {
            collectorFailure = e;
        }
    }

    private void collectorAlive() {
        if (collectorFailure != null) {
            throw new IllegalStateException("the result collector stopped", collectorFailure);
        }
    }

    @Override
    public void close() {
        collecting = false;
        if (query != null) {
            query.close();
        }
        if (command != null) {
            command.close();
        }
        producer.close();
    }
}
