package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.PrincipalSigner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one command envelope over Kafka, signed by the client's principal, and waits for its result — what any
 * internal service does to command the suite. The result consumer is positioned at the end of every results partition <em>before</em> sending, so the
 * answer cannot slip past; it reads with no consumer group, so waiting clients never disturb each other.
 */
public final class CommandClient implements AutoCloseable {

    private final PrincipalSigner signer;
    private final String bootstrapServers;
    private final TopicNames topics;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> results;
    private final ObjectMapper json = EnclaveJson.mapper();

    public CommandClient(String bootstrapServers, String topicPrefix, PrincipalSigner signer) {
        this(bootstrapServers, topicPrefix, signer, new Properties());
    }

    /**
     * @param kafka more client settings for both the producer and the results consumer: how to log in to a broker
     *              that authenticates its clients ({@code security.protocol}, {@code sasl.mechanism},
     *              {@code sasl.jaas.config}, truststore)
     */
    public CommandClient(String bootstrapServers, String topicPrefix, PrincipalSigner signer, Properties kafka) {
        this.signer = signer;
        String source = signer.principal();
        this.bootstrapServers = bootstrapServers;
        this.topics = new TopicNames(topicPrefix);
        Properties producerConfig = new Properties();
        producerConfig.putAll(kafka);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, source);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(kafka);
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Asking for a missing results topic must not create it with the broker's defaults.
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, source + "-results");
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        // the services answer in Kafka transactions: an aborted answer is never read, its record is answered again
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        results = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * Publishes {@code envelope} keyed by {@code key} (the target aggregate id) and waits for its result.
     *
     * @return the result, or empty when none arrived within {@code timeout}
     * @throws CommandClientException when Kafka cannot be reached or the topics do not exist
     */
    public Optional<CommandResult> send(CommandEnvelope envelope, String key, Duration timeout) {
        try {
            positionAtEndOfResults();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CommandClientException("cannot reach Kafka at " + bootstrapServers
                    + " (is the suite running? --bootstrap-servers or $ENCLAVE_KAFKA name another broker)");
        }
        publish(envelope, key);
        long deadline = System.nanoTime() + timeout.toNanos();
        String commandId = envelope.commandId().toString();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                if (commandId.equals(record.key())) {
                    return Optional.of(read(record.value()));
                }
            }
        }
        return Optional.empty();
    }

    private void positionAtEndOfResults() {
        // A topic created moments ago may not be in the metadata yet: ask again for a few seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<PartitionInfo> partitions = results.partitionsFor(topics.commandResults(), Duration.ofSeconds(10));
        while ((partitions == null || partitions.isEmpty()) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            partitions = results.partitionsFor(topics.commandResults(), Duration.ofSeconds(10));
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new CommandClientException("topic " + topics.commandResults()
                    + " does not exist: is the suite running, with the same topic prefix?");
        }
        List<TopicPartition> assigned = partitions.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        results.assign(assigned);
        results.seekToEnd(assigned);
        assigned.forEach(results::position); // seekToEnd is lazy: resolve it now, before the command goes out
    }

    private void publish(CommandEnvelope envelope, String key) {
        // Each write service reads its own topic: a coordination command goes where coordination-service reads.
        String topic = CommandCatalog.owning(envelope.type()).orElse(CommandCatalog.TEAM).topic(topics);
        try {
            String value = json.writeValueAsString(envelope);
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add(EnvelopeSignature.HEADER,
                    signer.sign(value.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(15, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new CommandClientException("cannot write the envelope: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandClientException("interrupted while sending");
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandClientException("cannot publish to " + topic + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
    }

    private CommandResult read(String value) {
        try {
            return json.readValue(value, CommandResult.class);
        } catch (IOException e) {
            throw new CommandClientException("unreadable result record: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        results.close(Duration.ofSeconds(5));
    }

    /** Kafka could not be used; the message says what to check. */
    public static final class CommandClientException extends RuntimeException {
        public CommandClientException(String message) {
            super(message);
        }
    }
}
