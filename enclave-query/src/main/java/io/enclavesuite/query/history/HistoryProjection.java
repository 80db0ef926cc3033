package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.eventtopics.UnreadableEvent;
import io.enclavesuite.query.axon.PrepareCommitBuffer;
import io.enclavesuite.query.jdbc.BinaryCopy;
import io.enclavesuite.query.jdbc.Columns;
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
import java.lang.invoke.MethodHandles;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    /** The columns of {@code event_history}, and of {@code event_party}: the components of their rows. */
    private static final Columns<Entry> HISTORY = Columns.ofRecord(Entry.class, MethodHandles.lookup());
    private static final Columns<Party> PARTY = Columns.ofRecord(Party.class, MethodHandles.lookup());
    private static final String INSERT = "insert into event_history (" + HISTORY.names() + ") values ("
            + HISTORY.placeholders() + ") on conflict (aggregate_id, sequence) do nothing";
    private static final String INSERT_PARTY = "insert into event_party (" + PARTY.names() + ") values ("
            + PARTY.placeholders() + ") on conflict do nothing";
    private static final String COPY = "copy event_history (" + HISTORY.names() + ") from stdin (format binary)";
    private static final String COPY_PARTY = "copy event_party (" + PARTY.names() + ") from stdin (format binary)";
    /** The payload's fields that name a person the event concerns besides its actor (V11 back-fills the same). */
    private static final List<String> PARTY_FIELDS = List.of("participant", "member", "owner", "newOwner", "by");
    /**
     * A room's outcomes concern every participant, whoever's act caused them: each sees the room open, resolve,
     * expire, abort and its data destroyed in their own Activity feed (V15 back-fills the same).
     */
    private static final Set<Class<?>> ROOM_OUTCOMES = Set.of(CoordinationOpened.class, CoordinationResolved.class,
            CoordinationExpired.class, CoordinationAborted.class, CoordinationDataShredded.class);
    /**
     * The reconciler's findings concern the enclave's owner, though it acted alone: each appears in the Activity feed
     * of whoever owned the enclave when it was recorded (V18 back-fills the same).
     */
    private static final Set<String> DRIFT = Set.of("DriftRepaired", "DriftDetected");
    /** Each enclave's owner as its stored history last names it, for drift whose owner the batch does not name. */
    private static final String OWNERS_OF = """
            select distinct on (aggregate_id) aggregate_id, coalesce(payload ->> 'newOwner', payload ->> 'owner')
            from event_history
            where aggregate_id = any(?) and type in ('EnclaveProvisioningStarted', 'EnclaveOwnershipTransferred')
            order by aggregate_id, sequence desc""";
    /** The participants of rooms as their creation named them, for outcomes whose creation is not in the batch. */
    private static final String PARTICIPANTS_OF = """
            select aggregate_id, jsonb_array_elements_text(payload -> 'participants') from event_history
            where aggregate_id = any(?) and type = 'CoordinationCreated'""";
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
    private final PrepareCommitBuffer<Rows> pendingRows =
            new PrepareCommitBuffer<>(HistoryProjection.class, "pendingRows", Rows::new, this::write);

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
        // what is sealed to a room's key stays in the event store: the history keeps counts and numbers
        if (event instanceof WindowsSubmitted) {
            payload.remove("windows");
        } else if (event instanceof SlotsProposed) {
            payload.path("candidates").forEach(HistoryProjection::withoutSealedSlot);
        } else if (event instanceof SlotProposed) {
            withoutSealedSlot(payload.path("proposal"));
        } else if (event instanceof SlotCountered) {
            withoutSealedSlot(payload.path("alternative"));
        }
        var metadata = message.getMetaData();
        String actor = text(metadata.get(MetadataKeys.ACTOR));
        Entry entry = new Entry(message.getIdentifier(), aggregateId, kindOf(event), sequence,
                event.getClass().getSimpleName(), message.getTimestamp(), actor,
                text(metadata.get(MetadataKeys.CHANNEL_ID)), text(metadata.get(MetadataKeys.VIA)),
                text(metadata.get("traceId")), text(metadata.get("correlationId")), json.writeValueAsString(payload),
                json.writeValueAsString(metadata));
        Set<String> parties = parties(actor, payload);
        if (event instanceof ReceiptIssued issued) {
            parties.addAll(issued.holders());
        }
        boolean outcome = ROOM_OUTCOMES.contains(event.getClass());
        pendingRows.add(rows -> rows.add(entry, parties, outcome));
    }

    private static void withoutSealedSlot(JsonNode proposal) {
        if (proposal instanceof ObjectNode numbered) {
            numbered.remove("slot");
        }
    }

    /** A row of {@code event_history}; its components are the table's columns ({@link Columns}). */
    private record Entry(String eventId, String aggregateId, String kind, long sequence, String type,
                         Instant occurredAt, String actor, String channelId, String via, String traceId,
                         String correlationId, @Columns.Jsonb String payload, @Columns.Jsonb String metadata) {
    }

    /** A row of {@code event_party}: one person an event concerns. */
    private record Party(String party, Instant occurredAt, String aggregateId, long sequence) {
    }

    /**
     * A batch's rows of both tables, in event order. A room's outcome gets its participants' rows when the batch is
     * written ({@link #withParticipants}): the room's creation may be in the same batch, or stored already.
     */
    private static final class Rows {
        final List<Entry> entries = new ArrayList<>();
        final List<Party> parties = new ArrayList<>();
        final Map<String, Set<String>> participants = new HashMap<>();
        final List<Entry> outcomes = new ArrayList<>();
        /** Enclaves' owners as this batch names them so far, in event order. */
        final Map<String, String> owners = new HashMap<>();
        /** Drift whose owner the batch did not name before it: the stored history does. */
        final List<Entry> driftOfStoredOwners = new ArrayList<>();

        void add(Entry entry, Set<String> people, boolean outcome) {
            entries.add(entry);
            for (String party : people) {
                parties.add(new Party(party, entry.occurredAt(), entry.aggregateId(), entry.sequence()));
            }
            if ("CoordinationCreated".equals(entry.type())) {
                participants.put(entry.aggregateId(), participantsIn(entry.payload()));
            }
            if (outcome) {
                outcomes.add(entry);
            }
            if ("EnclaveProvisioningStarted".equals(entry.type())) {
                owners.put(entry.aggregateId(), field(entry.payload(), "owner"));
            } else if ("EnclaveOwnershipTransferred".equals(entry.type())) {
                owners.put(entry.aggregateId(), field(entry.payload(), "newOwner"));
            } else if (DRIFT.contains(entry.type())) {
                String owner = owners.get(entry.aggregateId());
                if (owner == null) {
                    driftOfStoredOwners.add(entry);
                } else {
                    addParty(owner, entry);
                }
            }
        }

        /** Adds the owner's row to each drift in the batch whose owner only the stored history names. */
        Rows withOwners(JdbcTemplate jdbc) {
            if (driftOfStoredOwners.isEmpty()) {
                return this;
            }
            Map<String, String> stored = new HashMap<>();
            jdbc.query(OWNERS_OF, rs -> {
                stored.put(rs.getString(1), rs.getString(2));
            }, (Object) driftOfStoredOwners.stream().map(Entry::aggregateId).distinct().toArray(String[]::new));
            for (Entry drift : driftOfStoredOwners) {
                String owner = stored.get(drift.aggregateId());
                if (owner != null) {
                    addParty(owner, drift);
                }
            }
            driftOfStoredOwners.clear();
            return this;
        }

        private void addParty(String person, Entry entry) {
            Party party = new Party(person, entry.occurredAt(), entry.aggregateId(), entry.sequence());
            if (!parties.contains(party)) {
                parties.add(party);
            }
        }

        private static String field(String payload, String name) {
            try {
                JsonNode value = EnclaveJson.mapper().readTree(payload).path(name);
                return value.isTextual() ? value.textValue() : null;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an event written as JSON a moment ago does not read", e);
            }
        }

        /** Adds a row for each participant of each room outcome in the batch who is not a party of it already. */
        Rows withParticipants(JdbcTemplate jdbc) {
            if (outcomes.isEmpty()) {
                return this;
            }
            Set<String> stored = new LinkedHashSet<>();
            outcomes.stream().map(Entry::aggregateId).filter(room -> !participants.containsKey(room)).forEach(stored::add);
            if (!stored.isEmpty()) {
                jdbc.query(PARTICIPANTS_OF, rs -> {
                    participants.computeIfAbsent(rs.getString(1), room -> new LinkedHashSet<>()).add(rs.getString(2));
                }, (Object) stored.toArray(String[]::new));
            }
            Set<Party> known = new HashSet<>(parties);
            for (Entry outcome : outcomes) {
                for (String person : participants.getOrDefault(outcome.aggregateId(), Set.of())) {
                    Party party = new Party(person, outcome.occurredAt(), outcome.aggregateId(), outcome.sequence());
                    if (known.add(party)) {
                        parties.add(party);
                    }
                }
            }
            outcomes.clear();
            return this;
        }

        private static Set<String> participantsIn(String payload) {
            Set<String> people = new LinkedHashSet<>();
            try {
                EnclaveJson.mapper().readTree(payload).path("participants").forEach(p -> people.add(p.asText()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a room's creation, written as JSON a moment ago, does not read", e);
            }
            return people;
        }
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
    private void write(Rows batch) {
        Rows rows = batch.withParticipants(jdbc).withOwners(jdbc);
        if (rows.entries.size() < copyFromRows || !TransactionSynchronizationManager.isActualTransactionActive()) {
            insertSkippingKnown(rows);
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            Savepoint beforeCopy = connection.setSavepoint();
            try {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                copy.copyIn(COPY, new ByteArrayInputStream(binary(HISTORY, rows.entries, 768)));
                copy.copyIn(COPY_PARTY, new ByteArrayInputStream(binary(PARTY, rows.parties, 128)));
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

    /** Rows in binary {@code COPY} format, {@code bytesPerRow} a guess at their size. */
    private static <R> byte[] binary(Columns<R> columns, List<R> rows, int bytesPerRow) {
        BinaryCopy copy = new BinaryCopy(rows.size() * bytesPerRow);
        for (R row : rows) {
            columns.copy(row, copy);
        }
        return copy.finish();
    }

    /** Bound column by column: JdbcTemplate's generic binding of Object[] rows took 7 % of a rebuild's processors. */
    private void insertSkippingKnown(Rows rows) {
        jdbc.batchUpdate(INSERT, rows.entries, rows.entries.size(),
                (statement, entry) -> HISTORY.bind(statement, 1, entry));
        jdbc.batchUpdate(INSERT_PARTY, rows.parties, rows.parties.size(),
                (statement, party) -> PARTY.bind(statement, 1, party));
    }

    /** The events of a person's agent policy: read by that person only. */
    private static final Set<String> POLICY_EVENTS = Set.of("AutonomyRuleAdded", "AutonomyRuleRemoved",
            "AutonomyLevelSet", "AutonomyBudgetSet", "IdentityTrusted", "IdentityUntrusted", "InboundRateLimitSet",
            "InvitationEvaluated", "InvitationRateLimited", "AutonomyBudgetSpent", "AutonomyBudgetExhausted",
            "AutonomyBudgetReset", "CoordinationInitiated");

    /** Rooms and agent policies come from coordination-service; everything else is a team enclave's. */
    static String kindOf(Object event) {
        if (event instanceof io.enclavesuite.api.receipt.ReceiptIssued issued) {
            return issued.enclaveKind();
        }
        return kindOf(event.getClass());
    }

    static String kindOf(Class<?> type) {
        if (type.getName().startsWith("io.enclavesuite.api.coordination.")) {
            return POLICY_EVENTS.contains(type.getSimpleName()) ? "policy" : "coordination";
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
