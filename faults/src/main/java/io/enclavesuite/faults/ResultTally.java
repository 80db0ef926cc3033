package io.enclavesuite.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Counts what comes back on the result topic (per command id and status, and when each result arrived) and every record
 * of the commands' dead-letter topic, from the beginning. The test's CommandChannel keeps each result whole, per
 * command id; for tens of thousands of sends the suite needs counts instead.
 */
final class ResultTally implements AutoCloseable {

    /** When each command's results arrived ({@link System#nanoTime()}), in arrival order; one thread writes. */
    private final Map<UUID, List<Long>> perCommand = new ConcurrentHashMap<>();
    private final Set<UUID> accepted = ConcurrentHashMap.newKeySet();
    /** Each command's first answer (status, time recorded, target, reason): a repeat must give the same one. */
    private final Map<UUID, String> firstAnswer = new ConcurrentHashMap<>();
    private final Set<UUID> answeredDifferently = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> perStatus = new ConcurrentHashMap<>();
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, String> lastRefusal = new ConcurrentHashMap<>();
    private final ObjectMapper json = EnclaveJson.mapper();
    private final Thread reader;
    private volatile boolean reading = true;
    private volatile Exception failure;

    /** Start it once the services have made the topics with all their partitions. */
    ResultTally(String bootstrapServers, TopicNames topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "fault-tally-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        // as every reader of the answers: an answer whose transaction was aborted is not one
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reader = new Thread(() -> read(config, topics), "fault-result-tally");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Properties config, TopicNames topics) {
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.commandResults(), topics.commandsDeadLetter()));
            while (reading) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                // once per poll: the parsing below would make a batch's later records look later than they came
                long arrived = System.nanoTime();
                for (ConsumerRecord<String, String> record : records) {
                    if (record.topic().equals(topics.commandsDeadLetter())) {
                        deadLetters.incrementAndGet();
                        continue;
                    }
                    JsonNode result = json.readTree(record.value());
                    UUID id = UUID.fromString(result.path("commandId").asText());
                    String status = result.path("status").asText();
                    perCommand.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(arrived);
                    String answer = status + "|" + result.path("at").asText() + "|"
                            + result.path("aggregateId").asText() + "|" + result.path("reason").asText();
                    if (!firstAnswer.computeIfAbsent(id, key -> answer).equals(answer)) {
                        answeredDifferently.add(id);
                    }
                    perStatus.computeIfAbsent(status, key -> new AtomicLong()).incrementAndGet();
                    if ("ACCEPTED".equals(status)) {
                        accepted.add(id);
                    } else {
                        lastRefusal.put(status, result.path("reason").asText());
                    }
                    results.incrementAndGet();
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Results for these command ids, all sends counted (a repeat's result too). */
    long resultsFor(Set<UUID> commands) {
        alive();
        return commands.stream().map(perCommand::get).filter(Objects::nonNull).mapToLong(List::size).sum();
    }

    /** How many of these commands got at least {@code times} results. */
    long commandsWithAtLeast(Set<UUID> commands, long times) {
        alive();
        return commands.stream().filter(id -> {
            List<Long> arrivals = perCommand.get(id);
            return (arrivals == null ? 0 : arrivals.size()) >= times;
        }).count();
    }

    /**
     * When each of this command's results arrived here ({@link System#nanoTime()} of this JVM, in arrival order);
     * empty before the first. A time is when the tally read the result, so it is the result's arrival only while the
     * tally keeps up: start it (and let it catch up) before the sends it times.
     */
    List<Long> arrivals(UUID commandId) {
        alive();
        List<Long> arrivals = perCommand.get(commandId);
        return arrivals == null ? List.of() : List.copyOf(arrivals);
    }

    /** How many of these commands were answered differently by two of their results (a second decision). */
    long answeredDifferently(Set<UUID> commands) {
        alive();
        return commands.stream().filter(answeredDifferently::contains).count();
    }

    /** How many of these commands were accepted (at least one of their results said so). */
    long acceptedAmong(Set<UUID> commands) {
        alive();
        return commands.stream().filter(accepted::contains).count();
    }

    long results() {
        alive();
        return results.get();
    }

    long deadLetters() {
        alive();
        return deadLetters.get();
    }

    /** Every status but ACCEPTED seen, with one of its reasons: what to print when a scenario fails. */
    String refusals() {
        return perStatus.entrySet().stream().filter(entry -> !entry.getKey().equals("ACCEPTED"))
                .map(entry -> entry.getValue() + " " + entry.getKey() + " (e.g. " + lastRefusal.get(entry.getKey())
                        + ")").collect(Collectors.joining(", "));
    }

    long status(String status) {
        AtomicLong count = perStatus.get(status);
        return count == null ? 0 : count.get();
    }

    private void alive() {
        if (failure != null) {
            throw new IllegalStateException("the result tally stopped", failure);
        }
    }

    @Override
    public void close() {
        reading = false;
    }
}
