package io.enclavesuite.query.replay;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.query.axon.KafkaPositions;
import io.enclavesuite.query.infrastructure.ReadSideProcessors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds read models from the first event, one processor at a time — every read model when they share one processor
 * ({@code enclave.read-side.processors: shared}, the default), or one read model with {@code separate}: the processor
 * stops, its reset handlers empty its tables and its tokens go back to the start of the event topics (one transaction),
 * and it starts again. The reset handlers truncate rather than delete: a rebuild after a delete wrote past the dead
 * rows of every table and index and had autovacuum clean them up meanwhile, 1.14 times slower over 1,000,000 events
 * (docs/benchmarks.md); the price is a lock that waits for the tables' readers, bounded by
 * {@code enclave.read-side.replay.lock-timeout}. Progress is read from the processor's own tokens — Kafka offsets, one
 * per event — against the topics' end offsets when the rebuild began, so it needs no bookkeeping in the handlers and
 * survives nothing it should not: after a restart a finished rebuild is just the processor's normal state.
 * <p>
 * Only this instance's processor is reset: with several instances of the read side, all but one must be stopped
 * first (the token store refuses tokens another node has claimed, and the refusal is returned).
 */
public class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final ConsumerFactory<?, ?> consumers;
    private final TopicNames topics;
    private final JdbcTemplate jdbc;
    private final Duration lockTimeout;
    private final Clock clock;
    private final Map<String, Started> started = new ConcurrentHashMap<>();
    private final Map<String, Movement> movement = new ConcurrentHashMap<>();

    /** How long a caught-up processor's tokens must stand still to count as done when they do not show the end. */
    static final Duration QUIET = Duration.ofSeconds(2);

    /** A processor's tokens per segment, and since when they have been those. */
    private record Movement(Map<Integer, TrackingToken> tokens, Instant since) {
    }

    /**
     * @param lockTimeout how long emptying the tables may wait for their readers: the reset handlers truncate, which
     *                    waits for every transaction reading the tables and makes new readers wait behind it, so a
     *                    long reader (an NDJSON export) refuses the rebuild instead of stalling the API
     */
    public Replays(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions,
                   ConsumerFactory<?, ?> consumers, TopicNames topics, JdbcTemplate jdbc, Duration lockTimeout,
                   Clock clock) {
        this.processing = processing;
        this.tokens = tokens;
        this.transactions = transactions;
        this.consumers = consumers;
        this.topics = topics;
        this.jdbc = jdbc;
        this.lockTimeout = lockTimeout;
        this.clock = clock;
    }

    /** What was there to replay, and when the replay began. */
    record Started(Instant at, Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end,
                           Instant finishedAt) {
        long total() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.getOrDefault(e.getKey(), 0L)).sum();
        }

        Started finished(Instant at) {
            return new Started(this.at, begin, end, at);
        }
    }

    /** The read models' processors, by name: what can be rebuilt. */
    public List<String> processors() {
        return processing.eventProcessors().values().stream()
                .filter(TrackingEventProcessor.class::isInstance)
                .map(processor -> processor.getName())
                .sorted()
                .toList();
    }

    /**
     * Starts the rebuild of one read model.
     *
     * @throws UnknownProcessor        when there is no such processor
     * @throws IllegalStateException   when the processor cannot be reset (claimed elsewhere, or a rebuild runs)
     */
    public synchronized ReplayProgress start(String name) {
        TrackingEventProcessor processor = processor(name);
        ReplayProgress now = progress(name);
        if ("replaying".equals(now.state())) {
            throw new IllegalStateException("the " + name + " read model is being rebuilt already: " + now.eventsDone()
                    + " of " + now.eventsTotal() + " events");
        }
        Started replay = snapshotOfTheTopics();
        processor.shutDown();
        try {
            // Not TrackingEventProcessor.resetTokens(): its replay tokens, around the Kafka extension's tokens (which
            // number records in fetch order but hand them over in timestamp order), can lose a partition's position
            // or nest, and leave the processor "replaying" for good or stalled. The projections ignore replay status,
            // so the rebuild is simply: empty the tables, then every segment from the start of the topics.
            transactions.executeInTransaction(() -> {
                jdbc.execute("set local lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
                processor.eventHandlerInvoker().performReset();
                for (int segment : tokens.fetchSegments(name)) {
                    tokens.storeToken(KafkaPositions.startOfTheTopics(), name, segment);
                }
            });
        } catch (RuntimeException e) {
            processor.start();
            throw new IllegalStateException("the " + name + " read model cannot be rebuilt now: " + reason(e), e);
        }
        started.put(name, replay);
        movement.remove(name);
        processor.start();
        log.info("Rebuilding the {} read model from {} events", name, replay.total());
        return progress(name);
    }

    /** PostgreSQL's SQLSTATE for a lock not granted within {@code lock_timeout} (pgjdbc's PSQLState lacks it). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /** Why the reset failed, in words an operator can act on (Axon wraps what the reset handler threw). */
    private String reason(RuntimeException e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState()))) {
            cause = cause.getCause();
        }
        if (cause != null) {
            return "its tables are in use by a reader (a long export, say) for longer than the lock timeout ("
                    + lockTimeout.toMillis() + " ms, enclave.read-side.replay.lock-timeout); try again later";
        }
        return NestedExceptionUtils.getMostSpecificCause(e).getMessage();
    }

    public ReplayProgress progress(String name) {
        TrackingEventProcessor processor = processor(name);
        Started replay = started.get(name);
        if (replay == null) {
            return new ReplayProgress(name, "idle", 0, 0, 0, null, null, null);
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        Optional<Throwable> error = status.values().stream().filter(EventTrackerStatus::isErrorState)
                .map(EventTrackerStatus::getError).findFirst();
        long total = replay.total();
        Instant now = clock.instant();
        Map<Integer, TrackingToken> tokensNow = new HashMap<>();
        status.forEach((segment, tracker) -> tokensNow.put(segment, tracker.getTrackingToken()));
        Movement moved = movement.merge(name, new Movement(tokensNow, now),
                (before, latest) -> before.tokens().equals(latest.tokens()) ? before : latest);
        Started range = replay;
        if (error.isEmpty() && replay.finishedAt() == null) {
            Optional<Instant> finished = finishedAt(status.values().stream()
                    .map(segment -> new SegmentPosition(segment.isCaughtUp(), segment.getTrackingToken())).toList(),
                    range, moved.since(), now);
            if (finished.isPresent()) {
                replay = replay.finished(finished.get());
                started.put(name, replay);
            }
        }
        long done = total;
        if (replay.finishedAt() == null) {
            // every segment reads every record: the slowest tells how far the rebuild is
            done = status.values().stream().mapToLong(segment -> handled(segment.getTrackingToken(), range)).min()
                    .orElse(0);
            done = Math.min(done, total);
        }
        Instant end = replay.finishedAt() != null ? replay.finishedAt() : now;
        double seconds = Math.max(Duration.between(replay.at(), end).toMillis(), 1) / 1000.0;
        String state = error.isPresent() ? "failed" : replay.finishedAt() != null ? "done" : "replaying";
        return new ReplayProgress(name, state, done, total, done / seconds, replay.at(), replay.finishedAt(),
                error.map(Throwable::getMessage).orElse(null));
    }

    /** A segment as the end of a rebuild is judged: its caught-up flag and its latest token. */
    record SegmentPosition(boolean caughtUp, TrackingToken token) {
    }

    /**
     * When the rebuild of a range finished, if it has: once every segment is caught up and has either passed the
     * last event of the range (then: now) or its tokens have stood still for {@link #QUIET} (then: since they
     * stand still). The caught-up flag alone is not enough: a segment raises it whenever its Kafka fetcher has
     * nothing buffered for a moment, which happened mid-rebuild with four segments on two cores. Nor are the
     * tokens: the Kafka extension hands records over in timestamp order, each with the token of its own fetch, so
     * the last one handled can lack a partition read earlier (seen in ReplayTest) and never show the end reached.
     * The last offset before a partition's end is a record: the services publish without Kafka transactions, whose
     * markers take offsets too.
     */
    static Optional<Instant> finishedAt(List<SegmentPosition> segments, Started range, Instant stillSince,
                                        Instant now) {
        if (segments.isEmpty() || !segments.stream().allMatch(SegmentPosition::caughtUp)) {
            return Optional.empty();
        }
        if (segments.stream().allMatch(segment -> handled(segment.token(), range) == range.total())) {
            return Optional.of(now);
        }
        return stillSince.plus(QUIET).isAfter(now) ? Optional.empty() : Optional.of(stillSince);
    }

    /**
     * Events of the replayed range a token has passed (its offset per partition is that of the last one handled):
     * an estimate while the rebuild runs, since a partition's position may be missing from the latest token.
     */
    private static long handled(TrackingToken token, Started replay) {
        long done = 0;
        for (Map.Entry<TopicPartition, Long> position : KafkaPositions.lastHandled(token).entrySet()) {
            long begin = replay.begin().getOrDefault(position.getKey(), 0L);
            long end = replay.end().getOrDefault(position.getKey(), 0L);
            done += Math.max(0, Math.min(position.getValue() + 1, end) - begin);
        }
        return done;
    }

    private Started snapshotOfTheTopics() {
        try (Consumer<?, ?> consumer = consumers.createConsumer("enclave-query-replay")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.enclaveEvents(), topics.coordinationEvents())) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic);
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            return new Started(clock.instant(), consumer.beginningOffsets(partitions), consumer.endOffsets(partitions),
                    null);
        }
    }

    private TrackingEventProcessor processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new UnknownProcessor(name, processors(),
                        ReadSideProcessors.READ_MODELS.contains(name)
                                ? processing.eventProcessorByProcessingGroup(name).map(shared -> shared.getName())
                                : Optional.empty()));
    }

    /** No read model of that name, or one that is rebuilt with the others of the processor it shares. */
    public static class UnknownProcessor extends RuntimeException {
        UnknownProcessor(String name, List<String> known, Optional<String> sharedProcessor) {
            super("no read model '" + name + "': " + String.join(", ", known) + sharedProcessor
                    .map(shared -> " (the " + name + " read model shares the processor " + shared
                            + " with the others and is rebuilt with them: enclave.read-side.processors)")
                    .orElse(""));
        }
    }
}
