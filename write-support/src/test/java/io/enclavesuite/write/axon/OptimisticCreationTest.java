package io.enclavesuite.write.axon;

import io.enclavesuite.write.testing.AccountWriteSide;
import io.enclavesuite.write.testing.WriteSideDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.write.replicas.ConflictRetries;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A creation command listed for {@link OptimisticCreation} is decided without reading its aggregate the first time;
 * when the aggregate did exist, the event store's key refuses the append and the retry decides on the stored state.
 */
class OptimisticCreationTest {

    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private Service service;

    @BeforeEach
    void database() {
        dataSource = WriteSideDatabase.fresh(4);
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
        dataSource.close();
    }

    @Test
    void aNewAggregateIsCreatedWithoutReadingTheStore() {
        service = new Service(3);

        service.gateway.sendAndWait(new Credit("acct-1", 5));
        service.gateway.sendAndWait(new Credit("acct-2", 7));

        assertThat(service.snapshotReads.get()).isZero();
        assertThat(service.retries.get()).isZero();
        assertThat(stream("acct-1")).containsExactly("Credited:5");
    }

    @Test
    void anExistingAggregateCollidesOnceAndIsDecidedOnItsStoredState() {
        service = new Service(3);
        service.gateway.sendAndWait(new Credit("acct-3", 5));
        service.gateway.sendAndWait(new Cap("acct-3", 8));
        service.cache.axonCache().removeAll(); // as on another replica, or after a restart

        assertThatThrownBy(() -> service.gateway.sendAndWait(new Credit("acct-3", 4)))
                .hasMessageContaining("over the cap: 9 > 8"); // decided on the stored 5, not on an empty account
        service.cache.axonCache().removeAll();
        service.gateway.sendAndWait(new Credit("acct-3", 3));

        assertThat(service.retries.get()).isEqualTo(2);
        assertThat(stream("acct-3")).containsExactly("Credited:5", "Capped:8", "Credited:3");
        assertThat(jdbc.queryForList("select sequencenumber from domainevententry where aggregateidentifier = 'acct-3'"
                + " order by sequencenumber", Long.class)).containsExactly(0L, 1L, 2L);
    }

    @Test
    void withoutConflictRetriesEveryCommandReadsItsAggregate() {
        service = new Service(0);
        service.gateway.sendAndWait(new Credit("acct-4", 5));
        service.cache.axonCache().removeAll();

        service.gateway.sendAndWait(new Credit("acct-4", 2));

        assertThat(service.snapshotReads.get()).isEqualTo(2);
        assertThat(stream("acct-4")).containsExactly("Credited:5", "Credited:2");
    }

    private List<String> stream(String id) {
        return jdbc.queryForList("select payloadtype, payload from domainevententry where aggregateidentifier = ?"
                + " order by sequencenumber", id).stream().map(row -> {
                    String type = row.get("payloadtype").toString();
                    String payload = new String((byte[]) row.get("payload"));
                    return type.substring(type.lastIndexOf('$') + 1) + ":" + payload.replaceAll(".*:(\\d+)}", "$1");
                }).toList();
    }

    /** A write service as {@code AxonStoresConfiguration} wires one, with its interceptor and engine. */
    private final class Service implements AutoCloseable {

        final AtomicInteger snapshotReads = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AggregateCache cache;
        final CommandGateway gateway;
        private final AccountWriteSide writeSide;

        Service(int conflictRetryCount) {
            OptimisticCreation optimistic = new OptimisticCreation(
                    new OptimisticCreation.Commands(Set.of(Credit.class)), conflictRetryCount);
            ConflictRetries conflictRetries = new ConflictRetries(conflictRetryCount, Duration.ofMillis(5),
                    optimistic::guessCollided);
            writeSide = AccountWriteSide.builder(dataSource, Account.class, "accounts")
                    .engine(builder -> new TailingJdbcEventStorageEngine(builder) {
                        @Override
                        protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                            snapshotReads.incrementAndGet();
                            return super.readSnapshotData(aggregateIdentifier);
                        }
                    })
                    .interceptor(optimistic)
                    .retryScheduler((CommandMessage command, RuntimeException failure,
                                     List<Class<? extends Throwable>[]> failures, Runnable dispatch) -> {
                        boolean scheduled = conflictRetries.scheduleRetry(command, failure, failures, dispatch);
                        if (scheduled) {
                            retries.incrementAndGet();
                        }
                        return scheduled;
                    })
                    .closeAfterAxon(conflictRetries)
                    .start();
            cache = writeSide.cache;
            gateway = writeSide.gateway;
        }

        @Override
        public void close() {
            writeSide.close();
        }
    }

    record Credit(@TargetAggregateIdentifier String id, int amount) {
    }

    record Cap(@TargetAggregateIdentifier String id, int cap) {
    }

    record Credited(String id, int amount) {
    }

    record Capped(String id, int cap) {
    }

    /** An account opened by its first credit, with a cap: a credit decided on an empty account shows. */
    static class Account {

        @AggregateIdentifier
        private String id;
        private int balance;
        private int cap = Integer.MAX_VALUE;

        Account() {
        }

        @CommandHandler
        @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
        void handle(Credit command) {
            if (balance + command.amount() > cap) {
                throw new IllegalArgumentException("over the cap: " + (balance + command.amount()) + " > " + cap);
            }
            apply(new Credited(command.id(), command.amount()));
        }

        @CommandHandler
        void handle(Cap command) {
            apply(new Capped(id, command.cap()));
        }

        @EventSourcingHandler
        void on(Credited event) {
            id = event.id();
            balance += event.amount();
        }

        @EventSourcingHandler
        void on(Capped event) {
            cap = event.cap();
        }
    }
}
