package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The visibility benchmark's rounds: {@code RegisterMember} commands sent at a fixed rate, a watcher that notes when
 * each member's row appears in the read model, the stamps of each member's way there, and the timeline printed from
 * them.
 */
final class MemberVisibility {

    /**
     * When each member's command was sent, its event applied (the event's timestamp), its event read from
     * {@code enclave.events}, and its row seen in the read model.
     */
    record Stamps(Map<String, Instant> sent, Map<String, Instant> appended, Map<String, Instant> published,
                          Map<String, Instant> seen) {

        Stamps() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>());
        }

        /**
         * The bench's reader and the read side consume {@code enclave.events} independently, and the read side is
         * sometimes the first by a few milliseconds: the event was on Kafka by the time its row was seen at the latest.
         */
        void settle(List<String> members) {
            members.forEach(member -> published.merge(member, seen.get(member),
                    (read, visible) -> read.isAfter(visible) ? visible : read));
        }

        List<Duration> between(List<String> members, Map<String, Instant> from, Map<String, Instant> to) {
            return members.stream().map(member -> Duration.between(from.get(member), to.get(member))).toList();
        }
    }

    static List<String> members(String run, String round, int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(String.format(Locale.ROOT, "U%s%s%07d", run.toUpperCase(Locale.ROOT), round, i));
        }
        return members;
    }

    /** Sends a RegisterMember per member at the rate, round-robin over the enclaves, and waits until all are seen. */
    static void round(JdbcTemplate jdbc, KafkaProducer<String, String> producer, ObjectMapper json,
                      TopicNames topics, List<String> enclaves, int[] next, List<String> members,
                      double perSecond, Stamps stamps) throws TimeoutException {
        Thread watcher = new Thread(() -> watch(jdbc, members, stamps), "read-model-watcher");
        watcher.setDaemon(true);
        watcher.start();
        ProvisioningLatencyBenchmark.paced(members, perSecond, member -> {
            String enclave = enclaves.get(next[0]++ % enclaves.size());
            stamps.sent().put(member, Instant.now());
            ProvisioningLatencyBenchmark.send(producer, json, topics, enclave, "RegisterMember",
                    "{\"enclaveId\":\"" + enclave + "\",\"member\":\"" + member + "\"}");
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!stamps.seen().keySet().containsAll(members) || !stamps.published().keySet().containsAll(members)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(members.stream().filter(stamps.seen()::containsKey).count() + " of "
                        + members.size() + " members became visible");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        watcher.interrupt();
        stamps.settle(members);
    }

    /**
     * The median of each stage, and the p99 of the whole, for the commands sent in each window of the run
     * ({@code -Dbench.timeline-seconds}, 5 by default): a queue that grows, or a stall, shows here.
     */
    static void printTimeline(List<String> members, Stamps stamps) {
        int window = Integer.getInteger("bench.timeline-seconds", 5);
        Instant first = stamps.sent().get(members.get(0));
        Map<Long, List<String>> byWindow = new java.util.TreeMap<>();
        for (String member : members) {
            byWindow.computeIfAbsent(Duration.between(first, stamps.sent().get(member)).toSeconds() / window,
                            w -> new ArrayList<>())
                    .add(member);
        }
        System.out.println("sent at | commands | p50 send → appended | p50 appended → Kafka | p50 Kafka → read model"
                + " | p99 send → read model");
        byWindow.forEach((start, sentThen) -> System.out.printf(Locale.ROOT,
                "%3d s | %,d | %d ms | %d ms | %d ms | %d ms%n", start * window, sentThen.size(),
                median(stamps.between(sentThen, stamps.sent(), stamps.appended())),
                median(stamps.between(sentThen, stamps.appended(), stamps.published())),
                median(stamps.between(sentThen, stamps.published(), stamps.seen())),
                ProvisioningLatencyBenchmark.percentile(stamps.between(sentThen, stamps.sent(), stamps.seen()), 99)
                        .toMillis()));
    }

    private static long median(List<Duration> durations) {
        return ProvisioningLatencyBenchmark.percentile(durations, 50).toMillis();
    }

    static String memberOf(ObjectMapper json, byte[] payload) {
        try {
            return json.readTree(payload).path("member").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a MemberRegistered payload that is not JSON", e);
        }
    }

    /**
     * Polls the member table every 2 ms and notes when each awaited member first appears. Each poll asks only for rows
     * registered since the oldest member still unseen was sent (an event's time is after its command's send, on the
     * same clock), so a poll reads the members in flight, not the last seconds' worth: at 500 commands/s the wider
     * window made the watcher itself a tenth of the machine's CPU.
     */
    private static void watch(JdbcTemplate jdbc, List<String> members, Stamps stamps) {
        Map<String, Instant> seen = stamps.seen();
        int oldestUnseen = 0;
        while (!Thread.currentThread().isInterrupted() && oldestUnseen < members.size()) {
            while (oldestUnseen < members.size() && seen.containsKey(members.get(oldestUnseen))) {
                oldestUnseen++;
            }
            Instant since = oldestUnseen < members.size() ? stamps.sent().get(members.get(oldestUnseen)) : null;
            if (since != null) {
                Instant now = Instant.now();
                jdbc.query("select member, registered_at from enclave_member where registered_at >= ?", row -> {
                    if (seen.putIfAbsent(row.getString(1), now) == null) {
                        stamps.appended().put(row.getString(1), row.getTimestamp(2).toInstant());
                    }
                }, java.sql.Timestamp.from(since.minusMillis(1)));
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private MemberVisibility() {
    }
}
