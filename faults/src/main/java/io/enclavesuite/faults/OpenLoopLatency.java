package io.enclavesuite.faults;

import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Send → result latency at a fixed rate, half of the sends repeats: each distinct RegisterMember is sent twice (the
 * same signed envelope), all in a random order, one send every {@code 1/rate} seconds whatever the answers do (an
 * open loop: a slow answer does not slow the sending, so a queue shows as latency). A send's latency runs from the
 * moment it was due to the arrival of its result on the result topic, as the harness's {@link ResultTally} saw it: the
 * k-th result of a command answers its k-th send.
 */
final class OpenLoopLatency {

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

    /**
     * Sends the load's member registrations twice each at {@code rate} per second and measures each send. The harness's
     * tally must be reading already and caught up (the measurement's warm-up ran through it), or the first arrivals
     * it times are its catching up.
     */
    static Latencies run(FaultHarness harness, CommandLoad load, int rate) throws Exception {
        List<CommandLoad.Send> sends = load.sends(2);
        Map<UUID, List<Long>> sent = new ConcurrentHashMap<>();
        ResultTally tally = harness.tally();
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
                .until(() -> sent.keySet().stream().allMatch(id -> tally.arrivals(id).size() >= 2));
        List<Double> millis = new ArrayList<>();
        sent.forEach((id, dues) -> {
            List<Long> due = dues.stream().sorted().toList();
            List<Long> arrived = tally.arrivals(id).stream().sorted().toList();
            for (int k = 0; k < due.size(); k++) {
                millis.add((arrived.get(k) - due.get(k)) / 1e6);
            }
        });
        Collections.sort(millis);
        return new Latencies(rate, List.copyOf(millis), seconds);
    }
}
