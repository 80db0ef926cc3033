package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The other side of the gateway's topics: what the write services would read (the command envelopes the gateway
 * published) and write (results, and events as Axon's tracking publisher puts them on Kafka).
 */
public final class KafkaSide implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, String> commands;
    private final TopicNames topics;
    private final List<JsonNode> envelopes = new CopyOnWriteArrayList<>();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final List<TopicPartition> partitions = new java.util.ArrayList<>();

    public KafkaSide(String bootstrap, TopicNames topics) {
        this.topics = topics;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        commands = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        for (String topic : List.of(topics.commands(), topics.coordinationCommands())) {
            commands.partitionsFor(topic, Duration.ofSeconds(20))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        commands.assign(partitions);
        commands.seekToBeginning(partitions);
    }

    /** Every envelope published so far (reads what has arrived since the last call). */
    public synchronized List<JsonNode> envelopes() {
        for (ConsumerRecord<String, String> record : commands.poll(Duration.ofMillis(200))) {
            try {
                envelopes.add(EnclaveJson.mapper().readTree(record.value()));
                keys.add(record.key());
            } catch (java.io.IOException e) {
                throw new AssertionError("the gateway published an unreadable envelope: " + record.value(), e);
            }
        }
        return List.copyOf(envelopes);
    }

    /** How many records the command topics hold: what was published, read from the broker's end offsets. */
    synchronized long published() {
        return commands.endOffsets(partitions, Duration.ofSeconds(20)).values().stream().mapToLong(Long::longValue).sum();
    }

    List<JsonNode> envelopes(String type) {
        return envelopes().stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    void result(CommandResult result) throws Exception {
        producer.send(new ProducerRecord<>(topics.commandResults(), result.commandId().toString(),
                EnclaveJson.mapper().writeValueAsBytes(result))).get();
    }

    /** An event as the write services publish it: payload JSON, Axon's headers. */
    public void event(String topic, String aggregate, long sequence, Object payload) throws Exception {
        event(topic, aggregate, sequence, payload, java.time.Instant.now());
    }

    /** An event published at {@code at} (the record's timestamp): how old the news is when the notifier reads it. */
    void event(String topic, String aggregate, long sequence, Object payload, java.time.Instant at) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, at.toEpochMilli(), aggregate,
                EnclaveJson.mapper().writeValueAsBytes(payload));
        record.headers().add("axon-message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-type", payload.getClass().getName().getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-aggregate-id", aggregate.getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        producer.send(record).get();
    }

    @Override
    public void close() {
        producer.close();
        commands.close();
    }

}
