package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.eventtopics.UnreadableEvent;
import io.enclavesuite.query.axon.PrepareCommitBuffer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.SourceId;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every event of both event topics, with its metadata (actor, channel, via, trace and correlation ids), one row each:
 * the audit history of an enclave or room. A redelivered or replayed event finds its row and changes nothing.
 * Sealed windows are not kept here, only how many there were: the history stays auditable without holding even
 * the ciphertext of what a room shared.
 */
@Component
@ProcessingGroup(HistoryProjection.PROCESSING_GROUP)
class HistoryProjection {

    static final String PROCESSING_GROUP = "history";
    private static final String INSERT = """
            insert into event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor, channel_id,
                                       via, trace_id, correlation_id, payload, metadata)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)
            on conflict (aggregate_id, sequence) do nothing""";
    private static final String INSERT_PARTY = """
            insert into event_party (party, occurred_at, aggregate_id, sequence) values (?, ?, ?, ?)
            on conflict do nothing""";
    private static final String COPY = """
            copy event_history (event_id, aggregate_id, kind, sequence, type, occurred_at, actor, channel_id, via,
                                trace_id, correlation_id, payload, metadata) from stdin (format binary)""";
    private static final String COPY_PARTY =
            "copy event_party (party, occurred_at, aggregate_id, sequence) from stdin (format binary)";
    /** The payload's fields that name a person the event concerns besides its actor (V11 back-fills the same). */
    private static final List<String> PARTY_FIELDS = List.of("participant", "member", "owner", "newOwner", "by");
    /**
     * The smallest batch worth a {@code COPY}. A copy costs a savepoint, its release and two round trips per table
     * (the server answers the {@code COPY} before the rows go), where an insert of a few rows is one statement per
     * table: live, a batch holds a few events, and their copies were the read side's dearest statements after the
     * member reads at 500 commands/s (docs/benchmarks.md). A rebuild's batches of 1,000 are copied.
     */
    static final int COPY_FROM_ROWS = 100;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final int copyFromRows;
    /** This batch's rows, written when it prepares to commit — inside its transaction, so with its token. */
    private final PrepareCommitBuffer<List<Row>> pendingRows =
            new PrepareCommitBuffer<>(HistoryProjection.class, "pendingRows", ArrayList::new, this::write);

    @Autowired
    HistoryProjection(JdbcTemplate jdbc) {
        this(jdbc, COPY_FROM_ROWS);
    }

    /** With another smallest batch to copy: the tests copy batches of any size. */
    HistoryProjection(JdbcTemplate jdbc, int copyFromRows) {
        this.jdbc = jdbc;
        this.copyFromRows = copyFromRows;
    }

    /** A record the event topics' reader refused: parked in this read model's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    /**
     * The row is written with the rest of the processor's batch, all at once just before the batch's transaction
     * commits (with its token): one {@code COPY} or insert per table and batch instead of a statement per event, which
     * is what a rebuild waited on. Outside a unit of work (a direct call) it is written at once.
     */
    @EventHandler
    void on(Object event, EventMessage<?> message, @SourceId String aggregateId, @SequenceNumber long sequence)
            throws JsonProcessingException {
        ObjectNode payload = json.valueToTree(event);
        if (event instanceof WindowsSubmitted) {
            payload.remove("windows");
        }
        var metadata = message.getMetaData();
        String actor = text(metadata.get(MetadataKeys.ACTOR));
        Row row = new Row(message.getIdentifier(), aggregateId, kindOf(event), sequence,
                event.getClass().getSimpleName(), message.getTimestamp(), actor,
                text(metadata.get(MetadataKeys.CHANNEL_ID)), text(metadata.get(MetadataKeys.VIA)),
                text(metadata.get("traceId")), text(metadata.get("correlationId")), json.writeValueAsString(payload),
                json.writeValueAsString(metadata), parties(actor, payload));
        pendingRows.add(rows -> rows.add(row));
    }

    /** A row of {@code event_history}, in the order of its columns, and the people it concerns. */
    private record Row(String eventId, String aggregateId, String kind, long sequence, String type,
                       Instant occurredAt, String actor, String channelId, String via, String traceId,
                       String correlationId, String payload, String metadata, Set<String> parties) {
    }

    /** A row of {@code event_party}: one person an event concerns. */
    private record Party(String party, Row event) {
    }

    /** The actor and whoever the payload names in one of {@link #PARTY_FIELDS}, each once. */
    private static Set<String> parties(String actor, ObjectNode payload) {
        Set<String> parties = new LinkedHashSet<>();
        if (actor != null) {
            parties.add(actor);
        }
        for (String field : PARTY_FIELDS) {
            JsonNode named = payload.get(field);
            if (named != null && named.isTextual()) {
                parties.add(named.textValue());
            }
        }
        return parties;
    }

    /**
     * In a transaction (a processor's batch), the rows are copied in ({@code COPY}, binary: {@link BinaryCopy}), which
     * PostgreSQL takes in far less work than an {@code INSERT … ON CONFLICT} of the same rows: no per-row expressions,
     * and no look into the key's index before the insert looks again. {@code COPY} knows no {@code ON CONFLICT}, so a
     * batch holding an event the history has already (a redelivery: rare) fails on the key, rolls back to the
     * savepoint taken before it, and is inserted row by row past the events already there. Outside a transaction
     * there is nothing to roll back to; a batch smaller than {@link #copyFromRows} is inserted as well.
     */
    private void write(List<Row> rows) {
        if (rows.size() < copyFromRows || !TransactionSynchronizationManager.isActualTransactionActive()) {
            insertSkippingKnown(rows);
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn(COPY, new ByteArrayInputStream(historyRows(rows)));
                copy.copyIn(COPY_PARTY, new ByteArrayInputStream(partyRows(rows)));
            } catch (SQLException e) {
                if (!PSQLState.UNIQUE_VIOLATION.getState().equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeCopy);
                insertSkippingKnown(rows);
                return null;
            } catch (IOException e) {
                throw new SQLException("the history's rows could not be copied in", e);
            }
            connection.releaseSavepoint(beforeCopy);
            return null;
        });
    }

    /** The history's rows in the order of {@link #COPY}'s columns. */
    private static byte[] historyRows(List<Row> rows) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 768);
        for (Row row : rows) {
            copy.row(13).text(row.eventId()).text(row.aggregateId()).text(row.kind()).bigint(row.sequence())
                    .text(row.type()).timestamptz(row.occurredAt()).text(row.actor()).text(row.channelId())
                    .text(row.via()).text(row.traceId()).text(row.correlationId()).jsonb(row.payload())
                    .jsonb(row.metadata());
        }
        return copy.finish();
    }

    /** Their parties in the order of {@link #COPY_PARTY}'s columns. */
    private static byte[] partyRows(List<Row> rows) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 128);
        for (Row row : rows) {
            for (String party : row.parties()) {
                copy.row(4).text(party).timestamptz(row.occurredAt()).text(row.aggregateId()).bigint(row.sequence());
            }
        }
        return copy.finish();
    }

    /** Bound column by column: JdbcTemplate's generic binding of Object[] rows took 7 % of a rebuild's processors. */
    private void insertSkippingKnown(List<Row> rows) {
        jdbc.batchUpdate(INSERT, rows, rows.size(), (statement, row) -> {
            statement.setString(1, row.eventId());
            statement.setString(2, row.aggregateId());
            statement.setString(3, row.kind());
            statement.setLong(4, row.sequence());
            statement.setString(5, row.type());
            statement.setTimestamp(6, Timestamp.from(row.occurredAt()));
            statement.setString(7, row.actor());
            statement.setString(8, row.channelId());
            statement.setString(9, row.via());
            statement.setString(10, row.traceId());
            statement.setString(11, row.correlationId());
            statement.setString(12, row.payload());
            statement.setString(13, row.metadata());
        });
        List<Party> parties = rows.stream()
                .flatMap(row -> row.parties().stream().map(party -> new Party(party, row)))
                .toList();
        jdbc.batchUpdate(INSERT_PARTY, parties, parties.size(), (statement, party) -> {
            statement.setString(1, party.party());
            statement.setTimestamp(2, Timestamp.from(party.event().occurredAt()));
            statement.setString(3, party.event().aggregateId());
            statement.setLong(4, party.event().sequence());
        });
    }

    /** Rooms and agent policies come from coordination-service; everything else is a team enclave's. */
    static String kindOf(Object event) {
        String name = event.getClass().getName();
        if (name.startsWith("io.enclavesuite.api.coordination.")) {
            return name.contains("AutonomyRule") ? "policy" : "coordination";
        }
        if (event instanceof io.enclavesuite.api.receipt.ReceiptIssued issued) {
            return issued.enclaveKind();
        }
        return "team";
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A replay from the start rebuilds the history from nothing. */
    @ResetHandler
    void reset() {
        jdbc.update("truncate event_party, event_history");
    }
}
