package io.enclavesuite.write.replicas;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the segments of the tracking processors over the live replicas of a write service. Axon 4 without Axon
 * Server never moves a claim between running instances: the replica that starts first claims every segment it has a
 * thread for, and the others stand by. So every {@code enclave.replicas.balance-interval} each replica renews its row
 * in {@code write_replica}, counts the replicas seen within the claim timeout, and releases the segments it holds
 * above its fair share of each processor ({@code ceil(segments / replicas)}) for a few claim intervals: a replica
 * with a free thread claims them meanwhile (and if none does, this one takes them back). A replica that dies keeps
 * its claims until they lapse ({@code enclave.replicas.claim-timeout}); the others' free threads then claim them
 * within one {@code token-claim-interval}.
 * <p>
 * A processor with fewer segments than configured ({@link #segmentsWanted}: a token table made before the count was
 * raised) is split, one segment at a time, by the replica that holds its largest segment — Axon's split keeps the
 * token, so no event is skipped or handled twice.
 */
public final class SegmentBalancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final ReplicasProperties properties;
    private final Map<String, Integer> segmentsWanted;
    /** Per processor: the segments this replica released, and when. */
    private final Map<String, Map<Integer, Long>> released = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-balancer");
        thread.setDaemon(true);
        return thread;
    });

    /** @param segmentsWanted the segment count each named processor should have (those not named are left as they are) */
    public SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, TokenStore tokens,
                           TransactionManager transactions, ReplicasProperties properties,
                           Map<String, Integer> segmentsWanted) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.tokens = tokens;
        this.transactions = transactions;
        this.properties = properties;
        this.segmentsWanted = Map.copyOf(segmentsWanted);
    }

    /** Starts the rounds; a second call (a child context's ready event reaching this one too) does nothing. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        long every = properties.balanceInterval().toMillis();
        timer.scheduleWithFixedDelay(this::balanceQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    private void balanceQuietly() {
        try {
            balance();
        } catch (RuntimeException e) {
            log.warn("could not balance the processors' segments this time: {}", e.getMessage());
        }
    }

    /** One round: say this replica is alive, count the live ones, give up what is above this replica's share. */
    void balance() {
        int replicas = renewAndCount();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                balance(streaming, replicas);
            }
        }
    }

    /** The live replicas, this one included; rows long gone are removed on the way. */
    int renewAndCount() {
        long expiry = properties.replicaExpiry().toMillis();
        jdbc.update("""
                insert into write_replica (node_id, seen_at) values (?, now())
                on conflict (node_id) do update set seen_at = now()""", properties.nodeId());
        jdbc.update("delete from write_replica where seen_at < now() - make_interval(secs => ?)",
                expiry * 10 / 1000.0);
        Integer live = jdbc.queryForObject(
                "select count(*) from write_replica where seen_at >= now() - make_interval(secs => ?)",
                Integer.class, expiry / 1000.0);
        return Math.max(1, live == null ? 1 : live);
    }

    private void balance(StreamingEventProcessor processor, int replicas) {
        String name = processor.getName();
        int[] segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(name));
        List<Integer> held = new ArrayList<>(processor.processingStatus().keySet());
        Integer wanted = segmentsWanted.get(name);
        if (wanted != null && segments.length > 0 && segments.length < wanted && !held.isEmpty()) {
            split(processor, held);
            return; // the next round sees the new segment
        }
        int share = (segments.length + replicas - 1) / replicas;
        // A segment released but still held is in the middle of a long batch (a saga step waiting on the cluster):
        // it goes when the batch ends. Its neighbours go meanwhile, instead of waiting behind it. A released segment
        // is let go within a second when idle, and not claimed again here for longer than a round, so one seen
        // held ever since is still in that batch.
        long now = System.currentTimeMillis();
        long releaseFor = properties.tokenClaimInterval().multipliedBy(3).plus(properties.balanceInterval()).toMillis();
        Map<Integer, Long> releasing = released.computeIfAbsent(name, key -> new ConcurrentHashMap<>());
        releasing.keySet().retainAll(held);
        List<Integer> keeping = new ArrayList<>(held);
        keeping.removeAll(releasing.keySet());
        if (keeping.size() <= share) {
            return;
        }
        keeping.sort(Comparator.reverseOrder());
        for (int segment : keeping.subList(0, keeping.size() - share)) {
            log.info("{}: releasing segment {} to another replica ({} held, {} of {} segments per replica with {} "
                    + "live)", name, segment, held.size(), share, segments.length, replicas);
            processor.releaseSegment(segment, releaseFor, TimeUnit.MILLISECONDS);
            releasing.put(segment, now);
        }
    }

    /** The widest held segment (the smallest mask) is halved. */
    private void split(StreamingEventProcessor processor, List<Integer> held) {
        int widest = processor.processingStatus().entrySet().stream()
                .filter(entry -> held.contains(entry.getKey()))
                .min(Comparator.comparingInt(entry -> entry.getValue().getSegment().getMask()))
                .map(Map.Entry::getKey).orElseThrow();
        log.info("{}: splitting segment {} towards {} segments", processor.getName(), widest,
                segmentsWanted.get(processor.getName()));
        processor.splitSegment(widest).whenComplete((split, failure) -> {
            if (failure != null || !Boolean.TRUE.equals(split)) {
                log.warn("{}: segment {} was not split ({})", processor.getName(), widest,
                        failure != null ? failure.getMessage() : "refused");
            }
        });
    }

    /** A replica that stops leaves the count at once, so the others take its share without waiting for it to lapse. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            jdbc.update("delete from write_replica where node_id = ?", properties.nodeId());
        } catch (RuntimeException e) {
            log.debug("could not remove this replica's row on the way out: {}", e.getMessage());
        }
    }
}
