package io.enclavesuite.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's side of the command topics, as the Slack gateway or an internal service would use them: sends envelopes
 * (each to the topic of the service that owns its type) and collects every result and dead letter that comes back.
 */
public final class CommandChannel implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final TopicNames topics;
    private final String source;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final KafkaProducer<String, String> producer;
    private final List<CommandResult> results = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Thread collector;
    private volatile boolean collecting = true;
    private volatile Exception collectorFailure;

    /** @param source the producing service named in each record's header (events then say {@code via=kafka:<source>}) */
    public CommandChannel(String bootstrapServers, TopicNames topics, String source) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.source = source;
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        collector = new Thread(this::collect, "command-channel-collector");
        collector.setDaemon(true);
    }

    public CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel, String actor)
            throws Exception {
        return new CommandEnvelope(commandId, type, json.readTree(payloadJson), actor, fromChannel,
                Instant.parse("2026-11-22T10:00:00Z"));
    }

    /** Sends one command as {@code actor} from {@code fromChannel} (or none) and waits for its result. */
    public CommandResult execute(String key, String type, String payloadJson, String actor, String fromChannel)
            throws Exception {
        UUID commandId = UUID.randomUUID();
        send(key, envelope(commandId, type, payloadJson, fromChannel, actor));
        Awaitility.await().atMost(PATIENCE).until(() -> !resultsFor(commandId).isEmpty());
        return resultsFor(commandId).get(0);
    }

    /** To the topic of the service that owns the type (enclave.commands for a type nobody owns). */
    public void send(String key, CommandEnvelope envelope) throws Exception {
        sendRaw(CommandCatalog.owning(envelope.type()).orElse(CommandCatalog.TEAM).topic(topics), key,
                json.writeValueAsString(envelope));
    }

    public void sendRaw(String topic, String key, String value) throws Exception {
        startCollecting();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(Topics.SOURCE_HEADER, source.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
    }

    public List<CommandResult> resultsFor(UUID commandId) {
        collectorAlive();
        return results.stream().filter(r -> r.commandId().equals(commandId)).toList();
    }

    public List<DeadLetter> deadLetters() {
        collectorAlive();
        return deadLetters;
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
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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
        producer.close();
    }
}
