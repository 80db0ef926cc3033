package io.enclavesuite.write.replicas;

import io.enclavesuite.write.testing.AccountWriteSide;
import io.enclavesuite.write.testing.WriteSideDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.write.axon.AggregateCache;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * Two replicas of a write service as two Axon configurations — each its own command bus, aggregate cache and
 * gateway, wired as {@code AxonStoresConfiguration} wires them — over one PostgreSQL event store. Whichever replica a
 * command reaches, it is decided on the stored state: a cached aggregate another replica has moved on is not used,
 * and a command that loses the race for the next sequence number is decided again. No update is lost, and each
 * aggregate's stream has no gap and no duplicate.
 */
class TwoReplicasOnOneStoreTest {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Replica a;
    private Replica b;

    @BeforeEach
    void twoReplicas() {
        dataSource = WriteSideDatabase.fresh(8);
        jdbc = new JdbcTemplate(dataSource);
        a = new Replica("a");
        b = new Replica("b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        dataSource.close();
    }

    @Test
    void aCommandOnAReplicaWhoseCacheIsBehindIsDecidedOnTheStoredState() {
        a.gateway.sendAndWait(new Open("acct-1"));
        a.gateway.sendAndWait(new Deposit("acct-1", 10)); // a has the account cached with 10
        b.gateway.sendAndWait(new Withdraw("acct-1", 10)); // b takes it to 0

        // on a's cached 10 the withdrawal would be accepted and the account go below zero
        assertThatThrownBy(() -> a.gateway.sendAndWait(new Withdraw("acct-1", 5)))
                .hasMessageContaining("insufficient funds: 0 < 5");
        b.gateway.sendAndWait(new Deposit("acct-1", 7)); // b caches 7
        a.gateway.sendAndWait(new Withdraw("acct-1", 7)); // a must see b's deposit, not refuse on its old 0

        assertThat(a.cache.staleEntriesDropped()).as("a's entry after b's withdrawal").isEqualTo(1);
        assertThat(stream("acct-1")).containsExactly("Opened", "Deposited:10", "Withdrawn:10", "Deposited:7",
                "Withdrawn:7");
        assertThat(a.retries.retried() + b.retries.retried()).isZero();
    }

    @Test
    void aCommandThatLosesTheRaceForTheNextSequenceNumberIsDecidedAgainOnTheWinnersState() throws Exception {
        a.gateway.sendAndWait(new Open("acct-2"));
        a.gateway.sendAndWait(new Deposit("acct-2", 10));
        b.gateway.sendAndWait(new Deposit("acct-2", 0)); // b has it cached too, current

        // a decides its withdrawal on the current state, then waits before committing while b withdraws
        CountDownLatch decided = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        a.pauseOnce(decided, proceed);
        CompletableFuture<Object> onA = CompletableFuture.supplyAsync(() -> a.gateway.sendAndWait(
                new Withdraw("acct-2", 6)));
        assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue();
        b.gateway.sendAndWait(new Withdraw("acct-2", 3));
        proceed.countDown();

        onA.get(30, TimeUnit.SECONDS); // collided at commit, evicted, decided again on 7: still enough
        assertThat(a.retries.retried()).isEqualTo(1);
        assertThat(stream("acct-2")).containsExactly("Opened", "Deposited:10", "Deposited:0", "Withdrawn:3",
                "Withdrawn:6");
        assertThat(sequenceNumbers("acct-2")).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void aRetryDecidesAgainAndMayRefuseWhatTheLostRaceHadAccepted() throws Exception {
        a.gateway.sendAndWait(new Open("acct-3"));
        a.gateway.sendAndWait(new Deposit("acct-3", 10));
        b.gateway.sendAndWait(new Deposit("acct-3", 0));

        CountDownLatch decided = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        a.pauseOnce(decided, proceed);
        CompletableFuture<Object> onA = CompletableFuture.supplyAsync(() -> a.gateway.sendAndWait(
                new Withdraw("acct-3", 8)));
        assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue();
        b.gateway.sendAndWait(new Withdraw("acct-3", 5));
        proceed.countDown();

        assertThat(onA).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                .withMessageContaining("insufficient funds: 5 < 8");
        assertThat(stream("acct-3")).containsExactly("Opened", "Deposited:10", "Deposited:0", "Withdrawn:5");
    }

    @Test
    void concurrentCommandsFromBothReplicasAreAllDecidedInOneOrderWithNoGapAndNoDuplicate() throws Exception {
        a.gateway.sendAndWait(new Open("acct-4"));
        int rounds = 25;
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Object> onA = CompletableFuture.supplyAsync(() -> {
                awaitLatch(start);
                return a.gateway.sendAndWait(new Deposit("acct-4", 1));
            });
            CompletableFuture<Object> onB = CompletableFuture.supplyAsync(() -> {
                awaitLatch(start);
                return b.gateway.sendAndWait(new Deposit("acct-4", 100));
            });
            start.countDown();
            CompletableFuture.allOf(onA, onB).get(60, TimeUnit.SECONDS);
            sent.add(onA);
            sent.add(onB);
        }

        assertThat(sent).allMatch(future -> future.isDone() && !future.isCompletedExceptionally());
        assertThat(sequenceNumbers("acct-4")).containsExactlyElementsOf(LongStream.rangeClosed(0, 2L * rounds).boxed()
                .toList());
        assertThat(stream("acct-4").stream().filter("Deposited:1"::equals)).hasSize(rounds);
        assertThat(stream("acct-4").stream().filter("Deposited:100"::equals)).hasSize(rounds);
        // both replicas' caches hold the same, current account: one more command on each sees all of it
        assertThatThrownBy(() -> a.gateway.sendAndWait(new Withdraw("acct-4", 101 * rounds + 1)))
                .hasMessageContaining("insufficient funds: " + 101 * rounds + " <");
        assertThatThrownBy(() -> b.gateway.sendAndWait(new Withdraw("acct-4", 101 * rounds + 1)))
                .hasMessageContaining("insufficient funds: " + 101 * rounds + " <");
    }

    @Test
    void aDuplicateKeyOnTheEventTableIsAConcurrencyExceptionOnPostgres() {
        jdbc.update("""
                insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload,
                                              payloadtype, timestamp)
                values ('x', 0, 't', 'e-1', '\\x00', 'p', 'now')""");
        AtomicReference<Exception> failure = new AtomicReference<>();
        try {
            jdbc.update("""
                    insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload,
                                                  payloadtype, timestamp)
                    values ('x', 0, 't', 'e-2', '\\x00', 'p', 'now')""");
        } catch (Exception e) {
            failure.set(e);
        }
        assertThat(new PostgresDuplicateKeys().isDuplicateKeyViolation(failure.get())).isTrue();
        assertThat(new PostgresDuplicateKeys().isDuplicateKeyViolation(new IllegalStateException("other"))).isFalse();
        assertThat(ConflictRetries.isConflict(new RuntimeException(new ConcurrencyException("lost")))).isTrue();
    }

    /** The stored events of an aggregate, in sequence order. */
    private List<String> stream(String id) {
        return jdbc.queryForList("select payloadtype, convert_from(payload, 'UTF8') as body from domainevententry "
                + "where aggregateidentifier = ? order by sequencenumber", id).stream().map(row -> {
                    String type = row.get("payloadtype").toString();
                    String simple = type.substring(type.lastIndexOf('$') + 1);
                    String body = row.get("body").toString();
                    int amount = body.indexOf("\"amount\":");
                    return amount < 0 ? simple : simple + ":" + body.substring(amount + 9, body.indexOf('}', amount));
                }).toList();
    }

    private List<Long> sequenceNumbers(String id) {
        return jdbc.queryForList("select sequencenumber from domainevententry where aggregateidentifier = ? "
                + "order by sequencenumber", Long.class, id);
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

    /** One replica: as a write service wires Axon, on the shared data source. */
    private final class Replica implements AutoCloseable {

        final AggregateCache cache;
        final CountingRetries retries = new CountingRetries(3, Duration.ofMillis(10));
        final CommandGateway gateway;
        private final AtomicReference<CountDownLatch[]> pause = new AtomicReference<>();
        private final AccountWriteSide writeSide;

        Replica(String name) {
            writeSide = AccountWriteSide.builder(dataSource, Account.class, "accounts-" + name)
                    .interceptor(pausing())
                    .retryScheduler(retries)
                    .start();
            cache = writeSide.cache;
            gateway = writeSide.gateway;
        }

        /** The next command, once decided, waits with its events uncommitted until {@code proceed}. */
        void pauseOnce(CountDownLatch decided, CountDownLatch proceed) {
            pause.set(new CountDownLatch[]{decided, proceed});
        }

        private MessageHandlerInterceptor<CommandMessage<?>> pausing() {
            return (unitOfWork, chain) -> {
                Object result = chain.proceed();
                CountDownLatch[] latches = pause.getAndSet(null);
                if (latches != null) {
                    latches[0].countDown();
                    awaitLatch(latches[1]);
                }
                return result;
            };
        }

        @Override
        public void close() {
            writeSide.close();
        }
    }

    /** Counts the retries it schedules. */
    private static final class CountingRetries implements org.axonframework.commandhandling.gateway.RetryScheduler,
            AutoCloseable {

        private final ConflictRetries delegate;
        private final java.util.concurrent.atomic.AtomicInteger retried = new java.util.concurrent.atomic.AtomicInteger();

        CountingRetries(int retries, Duration backoff) {
            this.delegate = new ConflictRetries(retries, backoff);
        }

        int retried() {
            return retried.get();
        }

        @Override
        public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                     List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
            boolean scheduled = delegate.scheduleRetry(commandMessage, lastFailure, failures, dispatchTask);
            if (scheduled) {
                retried.incrementAndGet();
            }
            return scheduled;
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    record Open(@TargetAggregateIdentifier String id) {
    }

    record Deposit(@TargetAggregateIdentifier String id, int amount) {
    }

    record Withdraw(@TargetAggregateIdentifier String id, int amount) {
    }

    record Opened(String id) {
    }

    record Deposited(String id, int amount) {
    }

    record Withdrawn(String id, int amount) {
    }

    /** An account that refuses to go below zero: a decision on a stale balance shows. */
    static class Account {

        @AggregateIdentifier
        private String id;
        private int balance;

        Account() {
        }

        @CommandHandler
        Account(Open command) {
            apply(new Opened(command.id()));
        }

        @CommandHandler
        void handle(Deposit command) {
            apply(new Deposited(id, command.amount()));
        }

        @CommandHandler
        void handle(Withdraw command) {
            if (balance < command.amount()) {
                throw new IllegalArgumentException("insufficient funds: " + balance + " < " + command.amount());
            }
            apply(new Withdrawn(id, command.amount()));
        }

        @EventSourcingHandler
        void on(Opened event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Deposited event) {
            balance += event.amount();
        }

        @EventSourcingHandler
        void on(Withdrawn event) {
            balance -= event.amount();
        }
    }
}
