package io.enclavesuite.write.axon;

import io.enclavesuite.write.testing.WriteSideDatabase;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tailing read ends at a batch that did not fill its range, and so saves the empty fetch and gap check after it;
 * the event store still delivers every committed event once: past a gap wider than a batch, after a transaction that
 * commits late, and under concurrent writers whose rollbacks leave gaps. On the real table in PostgreSQL.
 */
class TailingJdbcEventStorageEngineTest {

    private static final int BATCH = 10;

    private HikariDataSource dataSource;
    private TransactionManager transactions;
    private CountingEngine engine;
    private EmbeddedEventStore store;

    @BeforeEach
    void storeInPostgres() {
        dataSource = WriteSideDatabase.fresh(8);
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        engine = new CountingEngine(JdbcEventStorageEngine.builder()
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactions)
                .batchSize(BATCH));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.shutDown();
        }
        dataSource.close();
    }

    @Test
    void aTailingReadEndsAtABatchThatDidNotFillItsRange() {
        append("event", 25);

        assertThat(payloads(engine.readEvents(null, true).toList())).isEqualTo(numbered("event", 25));
        assertThat(engine.fetches.getAndSet(0))
                .as("globalIndex 1-9, 10-19, 20-25 of (-1, 9], (9, 19], (19, 29], no fetch after").isEqualTo(3);

        assertThat(payloads(engine.readEvents(null, false).toList())).isEqualTo(numbered("event", 25));
        assertThat(engine.fetches.get()).as("other reads are Axon's: they go on to an empty fetch").isEqualTo(4);
    }

    @Test
    void aTailingReadAtTheHeadFindsNothingAndTheNextFindsWhatCameSince() {
        append("before", 3);
        List<? extends TrackedEventMessage<?>> first = engine.readEvents(null, true).toList();
        TrackingToken head = first.get(2).trackingToken();

        assertThat(engine.readEvents(head, true).toList()).isEmpty();
        append("since", 2);

        assertThat(payloads(engine.readEvents(head, true).toList())).containsExactly("since-0", "since-1");
    }

    @Test
    void aGapWiderThanABatchIsCrossedByTheEmptyReadsGapCheck() {
        append("before", 3);
        new JdbcTemplate(dataSource).queryForList(
                "select nextval('domainevententry_globalindex_seq') from generate_series(1, ?)", Long.class, 5 * BATCH);
        append("after", 2);

        List<? extends TrackedEventMessage<?>> beforeTheGap = engine.readEvents(null, true).toList();
        assertThat(payloads(beforeTheGap)).as("the read ends at the batch that did not fill (-1, 9]").hasSize(3);

        List<? extends TrackedEventMessage<?>> afterTheGap =
                engine.readEvents(beforeTheGap.get(2).trackingToken(), true).toList();
        assertThat(payloads(afterTheGap)).containsExactly("after-0", "after-1");
    }

    @Test
    void anEventCommittedLateBehindALaterOneStillReachesATrackingStream() throws Exception {
        store = EmbeddedEventStore.builder().storageEngine(engine).build();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TrackingEventStream stream = store.openStream(null)) {
            threads.submit(() -> consume(stream, seen));
            CountDownLatch appended = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> late = threads.submit(() -> publish("late", () -> {
                appended.countDown();
                awaitLatch(release);
            }));
            assertThat(appended.await(30, TimeUnit.SECONDS)).isTrue();

            publish("early", () -> {
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("early"));
            assertThat(seen).doesNotContain("late");

            release.countDown();
            late.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.contains("late"));
            assertThat(seen).containsExactly("early", "late");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void concurrentWritersWithRollbacksLoseNoEventAndRepeatNone() throws Exception {
        store = EmbeddedEventStore.builder().storageEngine(engine).build();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Set<String> committed = ConcurrentHashMap.newKeySet();
        int writers = 4;
        int perWriter = 150;
        ExecutorService threads = Executors.newFixedThreadPool(writers + 1);
        try (TrackingEventStream stream = store.openStream(null)) {
            threads.submit(() -> consume(stream, seen));
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writing.add(threads.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        String payload = "writer-" + writer + "-" + i;
                        // every seventh appends, so takes a globalIndex, then rolls back: a gap for good
                        boolean rollBack = i % 7 == 3;
                        try {
                            publish(payload, () -> {
                                if (rollBack) {
                                    throw new IllegalStateException("rolled back on purpose");
                                }
                            });
                            committed.add(payload);
                        } catch (IllegalStateException expected) {
                            assertThat(rollBack).isTrue();
                        }
                    }
                }));
            }
            for (Future<?> writer : writing) {
                writer.get(2, TimeUnit.MINUTES);
            }

            await().atMost(Duration.ofMinutes(1)).until(() -> seen.size() >= committed.size());
            assertThat(seen).hasSameSizeAs(committed).containsExactlyInAnyOrderElementsOf(committed);
            long keptPerWriter = IntStream.range(0, perWriter).filter(i -> i % 7 != 3).count();
            assertThat(committed).hasSize((int) (writers * keptPerWriter));
        } finally {
            threads.shutdownNow();
        }
    }

    /** Publishes in a unit of work with a transaction; {@code beforeCommit} runs after the event is appended. */
    private void publish(String payload, Runnable beforeCommit) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> {
            store.publish(GenericEventMessage.asEventMessage(payload));
            CurrentUnitOfWork.get().onPrepareCommit(u -> beforeCommit.run());
        });
    }

    private void append(String prefix, int count) {
        engine.appendEvents(numbered(prefix, count).stream()
                .<EventMessage<?>>map(GenericEventMessage::asEventMessage).toList());
    }

    private static Void consume(TrackingEventStream stream, List<String> seen) throws InterruptedException {
        while (!Thread.currentThread().isInterrupted()) {
            seen.add((String) stream.nextAvailable().getPayload());
        }
        return null;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> numbered(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<String> payloads(List<? extends TrackedEventMessage<?>> events) {
        return events.stream().map(event -> (String) event.getPayload()).toList();
    }

    /** Counts the batches fetched; Axon's extended gap check runs inside a fetch that finds nothing. */
    private static final class CountingEngine extends TailingJdbcEventStorageEngine {

        private final AtomicInteger fetches = new AtomicInteger();

        private CountingEngine(Builder builder) {
            super(builder);
        }

        @Override
        protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
            fetches.incrementAndGet();
            return super.fetchTrackedEvents(lastToken, batchSize);
        }
    }
}
