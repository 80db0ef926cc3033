package io.enclavesuite.query.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.query.ReadModelDatabase;
import org.flywaydb.core.api.MigrationVersion;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a processor's batch reaches the history: in its transaction, copied in with binary {@code COPY} from
 * {@link HistoryProjection#COPY_FROM_ROWS} rows on, inserted below; a copied batch holding an event the history has
 * already rolls back to before the copy and is inserted past what is there. Both ways must write the same rows. The
 * tests that take a copy make every batch one ({@code copyFromRows} 1); those about any batch run both ways.
 */
class HistoryBatchWriteTest {

    private static final Instant T1 = Instant.parse("2026-11-23T10:00:00Z");
    /** Every character a text format would have to escape, and some beyond ASCII. */
    private static final String AWKWARD = "tab\there, new\nline, return\r, back\\slash, \\N, quote \" and ü";

    private RecordedHistory history = new RecordedHistory(1);
    private JdbcTemplate jdbc = history.jdbc;
    private TransactionTemplate transaction = transactions(jdbc);
    private final ObjectMapper json = new ObjectMapper();

    private static TransactionTemplate transactions(JdbcTemplate jdbc) {
        return new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    /** Batches copied in from this many rows on (1: all of them; the default: these tests' small ones inserted). */
    private void copyingFrom(int rows) {
        history = new RecordedHistory(rows);
        jdbc = history.jdbc;
        transaction = transactions(jdbc);
    }

    @Test
    void aBatchCopiedInKeepsEveryValueAsInsertingItWould() throws Exception {
        // the same event (under two aggregate ids) written both ways: on its own (inserted) and in a transaction's
        // batch (copied in)
        record("inserted", 0, new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1), AWKWARD);
        inBatch(() -> record("copied", 0, new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1),
                AWKWARD));

        Map<String, Object> inserted = row("inserted");
        Map<String, Object> copied = row("copied");
        assertThat(copied.get("actor")).isEqualTo(AWKWARD);
        assertThat(copied.get("via")).isEqualTo(AWKWARD);
        assertThat(copied.get("channel_id")).isNull();
        assertThat(copied.get("occurred_at")).isEqualTo(Timestamp.from(Instant.parse("2026-11-23T10:00:00.123457Z")));
        assertThat(json.readTree((String) copied.get("metadata")).path("actor").asText()).isEqualTo(AWKWARD);
        copied.remove("aggregate_id");
        inserted.remove("aggregate_id");
        copied.remove("event_id");
        inserted.remove("event_id");
        assertThat(copied).isEqualTo(inserted);
        assertThat(parties("copied")).containsExactlyInAnyOrder(AWKWARD, "U0BOB")
                .containsExactlyInAnyOrderElementsOf(parties("inserted"));
    }

    @ParameterizedTest(name = "batches copied from {0} rows on")
    @ValueSource(ints = {1, HistoryProjection.COPY_FROM_ROWS})
    void aBatchWithAnEventTheHistoryHasAlreadyAddsOnlyTheNewOnes(int copyFromRows) throws Exception {
        copyingFrom(copyFromRows);
        inBatch(() -> {
            record("growth", 0, new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1), "U0BOB");
            record("growth", 1, frozen(), "slack-events");
        });
        // a redelivery of event 1 in the next batch, and one inside the batch itself
        inBatch(() -> {
            record("growth", 1, frozen(), "slack-events");
            record("growth", 2, unfrozen(), "U0ALICE");
            record("growth", 2, unfrozen(), "U0ALICE");
            record("growth", 3, frozen(), "slack-events");
        });

        assertThat(jdbc.queryForList("select sequence from event_history where aggregate_id = 'growth' order by 1",
                Long.class)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(jdbc.queryForList("select sequence from event_party where aggregate_id = 'growth' order by 1",
                Long.class)).containsExactly(0L, 1L, 2L, 3L);
        // a rolled-back copy left the transaction usable: the batch's rows committed with it
        assertThat(row("growth", 3).get("actor")).isEqualTo("slack-events");
    }

    @ParameterizedTest(name = "batches copied from {0} rows on")
    @ValueSource(ints = {1, HistoryProjection.COPY_FROM_ROWS})
    void aBatchThatFailsForAnotherReasonRollsBackAndWritesNothing(int copyFromRows) {
        copyingFrom(copyFromRows);
        jdbc.execute("alter table event_history add constraint no_frozen check (type <> 'EnclaveFrozen')");

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> inBatch(() -> {
            record("growth", 0, new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1), "U0BOB");
            record("growth", 1, frozen(), "slack-events");
        }))).hasStackTraceContaining("no_frozen");
        assertThat(jdbc.queryForObject("select count(*) from event_history", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from event_party", Long.class)).isZero();
    }

    @ParameterizedTest(name = "batches copied from {0} rows on")
    @ValueSource(ints = {1, HistoryProjection.COPY_FROM_ROWS})
    void aRoomsOutcomesConcernEveryParticipantAndAReceiptEveryHolder(int copyFromRows) throws Exception {
        copyingFrom(copyFromRows);
        String room = "room-00000000-0000-0000-0000-0000000000b1";
        CoordinationId id = CoordinationId.of(room);
        List<UserId> people = List.of(UserId.of("U0ALICE"), UserId.of("U0BOB"), UserId.of("U0CAROL"));
        // the creation and the opening in one batch, the outcome in a later one: its participants come from the store
        inBatch(() -> {
            record(room, 0, new CoordinationCreated(id, CoordinationType.MEETING_SYNC, new Purpose("retro"),
                    people.get(0), people, MeetingDuration.ofMinutes(30), new SearchRange(T1, T1.plus(Duration.ofDays(2))),
                    T1.plus(Duration.ofDays(2)), null, T1, null), "U0ALICE");
            record(room, 1, new CoordinationOpened(id, T1, null), "U0BOB");
        });
        inBatch(() -> {
            record(room, 2, new CoordinationAborted(id, AbortReason.WITHDRAWN, UserId.of("U0BOB"), null, T1), "U0BOB");
            record(room, 3, new CoordinationAborted(id, AbortReason.WITHDRAWN, UserId.of("U0BOB"), null, T1), "U0BOB");
        });
        inBatch(() -> record(room, 4, new ReceiptIssued("coordination", room, "r-1", List.of("U0ALICE", "U0CAROL"),
                json.createObjectNode(), T1), "coordination-service"));

        assertThat(partiesOf(room, 0)).containsExactly("U0ALICE");
        assertThat(partiesOf(room, 1)).containsExactly("U0ALICE", "U0BOB", "U0CAROL");
        assertThat(partiesOf(room, 2)).containsExactly("U0ALICE", "U0BOB", "U0CAROL");
        assertThat(partiesOf(room, 3)).containsExactly("U0ALICE", "U0BOB", "U0CAROL");
        assertThat(partiesOf(room, 4)).containsExactly("U0ALICE", "U0CAROL", "coordination-service");
    }

    /** A history kept before outcomes concerned every participant gets their rows from V15. */
    @Test
    void v15GivesOutcomesAlreadyKeptToEveryParticipantAndHolder() throws Exception {
        jdbc = ReadModelDatabase.upTo(MigrationVersion.fromVersion("14"));
        history = new RecordedHistory(jdbc, HistoryProjection.COPY_FROM_ROWS);
        String room = "room-00000000-0000-0000-0000-0000000000b2";
        CoordinationId id = CoordinationId.of(room);
        List<UserId> people = List.of(UserId.of("U0ALICE"), UserId.of("U0BOB"), UserId.of("U0CAROL"));
        record(room, 0, new CoordinationCreated(id, CoordinationType.MEETING_SYNC, new Purpose("retro"), people.get(0),
                people, MeetingDuration.ofMinutes(30), new SearchRange(T1, T1.plus(Duration.ofDays(2))),
                T1.plus(Duration.ofDays(2)), null, T1, null), "U0ALICE");
        record(room, 1, new CoordinationExpired(id, T1), "coordination-service");
        record(room, 2, new ReceiptIssued("coordination", room, "r-2", List.of("U0BOB"), json.createObjectNode(), T1),
                "coordination-service");
        // as the projection kept them before: the actor only
        jdbc.update("delete from event_party where aggregate_id = ? and sequence > 0 and party <> 'coordination-service'",
                room);

        ReadModelDatabase.migrate(jdbc);

        assertThat(partiesOf(room, 1)).containsExactly("U0ALICE", "U0BOB", "U0CAROL", "coordination-service");
        assertThat(partiesOf(room, 2)).containsExactly("U0BOB", "coordination-service");
    }

    private List<String> partiesOf(String aggregate, long sequence) {
        return jdbc.queryForList("select party from event_party where aggregate_id = ? and sequence = ? order by 1",
                String.class, aggregate, sequence);
    }

    private static EnclaveFrozen frozen() {
        return new EnclaveFrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1);
    }

    private static EnclaveUnfrozen unfrozen() {
        return new EnclaveUnfrozen(EnclaveId.of("growth"), FreezeReason.CHANNEL_ARCHIVED, T1);
    }

    private void record(String aggregate, long sequence, Object event, String actor) throws Exception {
        history.record(aggregate, sequence, event, T1.plus(Duration.ofMinutes(sequence)).plusNanos(123_456_789),
                RecordedHistory.metadata(actor, actor, null, "trace-1", "c-" + sequence));
    }

    private interface Recording {
        void run() throws Exception;
    }

    /** As a processor runs a batch: a unit of work inside a transaction, committed together. */
    private void inBatch(Recording recording) {
        transaction.executeWithoutResult(status -> {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            try {
                recording.run();
            } catch (Exception e) {
                batch.rollback(e);
                throw new IllegalStateException(e);
            }
            batch.commit();
        });
    }

    private Map<String, Object> row(String aggregate) {
        return row(aggregate, 0);
    }

    private Map<String, Object> row(String aggregate, long sequence) {
        return jdbc.queryForMap("""
                select aggregate_id, event_id, kind, sequence, type, occurred_at, actor, channel_id, via, trace_id,
                       correlation_id, payload::text as payload, metadata::text as metadata
                from event_history where aggregate_id = ? and sequence = ?""", aggregate, sequence);
    }

    private List<String> parties(String aggregate) {
        return jdbc.queryForList("select party from event_party where aggregate_id = ?", String.class, aggregate);
    }
}
