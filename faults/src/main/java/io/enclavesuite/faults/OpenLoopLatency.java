package io.enclavesuite.faults;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Send → result latency at a fixed rate, half of the sends repeats: each distinct RegisterMember is sent twice (the
 * same signed envelope), all in a random order, one send every {@code 1/rate} seconds whatever the answers do (an
 * open loop: a slow answer does not slow the sending, so a queue shows as latency). A send's latency runs from the
 * moment it was due to the arrival of its result on the result topic: the k-th result of a command answers its k-th
 * send.
 */
final class OpenLoopLatency {

    private static final Pattern COMMAND_ID = Pattern.compile("\"commandId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int SENDERS = 16;

    private OpenLoopLatency() {
    }

    /** Latencies in ms, sorted; {@code p(q)} reads a percentile from them. */
    record Latencies(int rate, List<Double> millis, double seconds) {

        double p(double quantile) {
            return millis.get(Math.min(millis.size() - 1, (int) Math.ceil(quantile * millis.size()) - 1));
        }

        String line(int replicas) {
            return String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f |", replicas, rate,
                    millis.size(), millis.size() / seconds, p(0.5), p(0.95), p(0.99), millis.get(millis.size() - 1));
        }
    }

    /** Sends the load's member registrations twice each at {@code rate} per second and measures each send. */
    static Latencies run(FaultHarness harness, CommandLoad load, int rate) throws Exception {
        List<CommandLoad.Send> sends = load.sends(2);
        Map<UUID, List<Long>> sent = new ConcurrentHashMap<>();
        try (ResultClock clock = new ResultClock(harness.bootstrapServers(), harness.topics)) {
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            AtomicReference<Exception> failed = new AtomicReference<>();
            long interval = 1_000_000_000L / rate;
            long began = System.nanoTime();
            try {
                for (int i = 0; i < sends.size(); i++) {
                    long due = began + i * interval;
                    LockSupport.parkNanos(due - System.nanoTime());
                    CommandLoad.Send send = sends.get(i);
                    sent.computeIfAbsent(send.envelope().commandId(), id -> Collections.synchronizedList(
                            new ArrayList<>())).add(due);
                    senders.execute(() -> {
                        try {
                            load.sendUntilAcknowledged(send.key(), send.envelope());
                        } catch (Exception e) {
                            failed.compareAndSet(null, e);
                        }
                    });
                }
            } finally {
                senders.shutdown();
                senders.awaitTermination(2, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            if (failed.get() != null) {
                throw new IllegalStateException("a send failed", failed.get());
            }
            Awaitility.await("both results of every command").atMost(DuplicateScenarios.bound(sends.size()))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> sent.keySet().stream().allMatch(id -> clock.arrivals(id).size() >= 2));
            List<Double> millis = new ArrayList<>();
            sent.forEach((id, dues) -> {
                List<Long> due = dues.stream().sorted().toList();
                List<Long> arrived = clock.arrivals(id).stream().sorted().toList();
                for (int k = 0; k < due.size(); k++) {
                    millis.add((arrived.get(k) - due.get(k)) / 1e6);
                }
            });
            Collections.sort(millis);
            return new Latencies(rate, List.copyOf(millis), seconds);
        }
    }

    /** When each result arrived (this JVM's nanoTime), per command id, from the result topic's end at start. */
    private static final class ResultClock implements AutoCloseable {

        private final Map<UUID, List<Long>> arrivals = new ConcurrentHashMap<>();
        private final KafkaConsumer<String, String> consumer;
        private final Thread reader;
        private volatile boolean reading = true;

        ResultClock(String bootstrapServers, TopicNames topics) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topics.commandResults()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // the end is fixed now, before the first send
            reader = new Thread(this::read, "open-loop-result-clock");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            while (reading) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Matcher id = COMMAND_ID.matcher(record.value());
                    if (id.find()) {
                        arrivals.computeIfAbsent(UUID.fromString(id.group(1)),
                                key -> Collections.synchronizedList(new ArrayList<>())).add(now);
                    }
                }
            }
        }

        List<Long> arrivals(UUID commandId) {
            List<Long> found = arrivals.get(commandId);
            if (found == null) {
                return List.of();
            }
            synchronized (found) {
                return List.copyOf(found);
            }
        }

        @Override
        public void close() throws InterruptedException {
            reading = false;
            reader.join(Duration.ofSeconds(10).toMillis());
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
