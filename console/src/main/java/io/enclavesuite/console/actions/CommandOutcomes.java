package io.enclavesuite.console.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The write side's answers to the console's own commands, read from the results topic as they arrive. Every replica
 * reads every partition from the end, without a consumer group (nothing to commit, nothing to share): a replica waits
 * only for the commands it sent, and forgets them once answered or given up.
 */
public class CommandOutcomes implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandOutcomes.class);

    private final Map<String, Object> consumerSettings;
    private final String topic;
    private final Map<UUID, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final ObjectMapper json = EnclaveJson.mapper();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread reader;
    private final CompletableFuture<Void> assigned = new CompletableFuture<>();

    public CommandOutcomes(Map<String, Object> consumerSettings, String topic) {
        this.consumerSettings = consumerSettings;
        this.topic = topic;
    }

    /** Registers interest before the command is sent, so a fast answer is not missed. */
    public CompletableFuture<CommandResult> expect(UUID commandId) {
        CompletableFuture<CommandResult> answer = new CompletableFuture<>();
        waiting.put(commandId, answer);
        answer.whenComplete((result, failure) -> waiting.remove(commandId));
        return answer;
    }

    /** Whether the reader has reached the end of every partition: answers from now on are seen. */
    public boolean ready() {
        return assigned.isDone() && !assigned.isCompletedExceptionally();
    }

    @Override
    public void start() {
        Map<String, Object> settings = new java.util.HashMap<>(consumerSettings);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the services answer in Kafka transactions: an aborted answer is never read, its record is answered again
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
        reader = new Thread(this::read, "console-results");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(5)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the end, now: what is answered after this is read
            assigned.complete(null);
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    answer(record);
                }
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer
        } catch (RuntimeException e) {
            log.error("The console stopped reading command results: {}", e.getMessage(), e);
            assigned.completeExceptionally(e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void answer(ConsumerRecord<String, String> record) {
        UUID commandId;
        try {
            commandId = UUID.fromString(record.key());
        } catch (IllegalArgumentException | NullPointerException notOurs) {
            return;
        }
        CompletableFuture<CommandResult> answer = waiting.get(commandId);
        if (answer == null) {
            return;
        }
        try {
            answer.complete(json.readValue(record.value(), CommandResult.class));
        } catch (Exception e) {
            answer.completeExceptionally(e);
        }
    }

    @Override
    public void stop() {
        if (consumer != null) {
            consumer.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return reader != null && reader.isAlive();
    }
}
