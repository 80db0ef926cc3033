package io.enclavesuite.query.enclave;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.enclave.FreezeReason;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One enclave's rows — its {@code enclave} row, members and tentacles — as the events of a processor batch change
 * them in memory, before {@link EnclaveChanges} writes the difference. The row's {@code lastSequence} is the one
 * idempotence guard for all three (see {@link #claim}): a redelivered or replayed event changes nothing anywhere,
 * and member and tentacle rows need no sequence of their own, which also keeps a removed member or tentacle from
 * coming back through a stale event.
 */
public final class EnclaveImage {

    /**
     * The columns of the {@code enclave} row but its name, as the enclave projection sets them; null is SQL null.
     * Each field is a column of the same name in snake_case ({@link io.enclavesuite.query.jdbc.Columns}): a new
     * column is a field here, and its migration.
     */
    static final class Row {
        String status;
        String owner;
        String channelId;
        String channelName;
        String namespace;
        String defaultMode;
        String quota;
        String failureReason;
        Instant createdAt;
        Instant activatedAt;
        Instant updatedAt;
        long lastSequence;
        /** The freezes that stand, as {@link #frozenFor(Collection)} writes them; null while none does. */
        String frozenReason;
        Instant frozenAt;
        String deprovisionRequestedBy;
        Instant deprovisionRequestedAt;
        Instant deprovisionRequestExpiresAt;
        String deprovisionConfirmedBy;
        Instant deprovisioningStartedAt;
        Instant deprovisionedAt;
        /** Shared services besides the database, by label: {"state", "detail", "since"}. */
        ObjectNode services = JsonNodeFactory.instance.objectNode();
    }

    /**
     * The standing freezes in the row's one text column (it held one reason before freezes were kept apart, and
     * reads the same): their labels in {@link FreezeReason}'s order, comma-separated; null for none.
     */
    static String frozenFor(Collection<FreezeReason> reasons) {
        return reasons.isEmpty() ? null : EnumSet.copyOf(reasons).stream().map(FreezeReason::label)
                .collect(Collectors.joining(","));
    }

    /** The standing freezes {@link #frozenFor(Collection)} wrote; none for null. */
    static EnumSet<FreezeReason> frozenFor(String column) {
        EnumSet<FreezeReason> reasons = EnumSet.noneOf(FreezeReason.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(FreezeReason::parse).forEach(reasons::add);
        }
        return reasons;
    }

    /** The standing freezes as the API lists them: labels, in {@link FreezeReason}'s order. */
    static List<String> frozenForLabels(String column) {
        return frozenFor(column).stream().map(FreezeReason::label).toList();
    }

    private final String name;
    private Row row;
    private boolean changed;
    private final Map<String, Instant> members;
    /** The members read, when only some were: a change may touch no other. Null when all were read. */
    private final Set<String> membersRead;
    private final Map<String, TentacleRow> tentacles;

    /**
     * @param members     the members read (those of {@code membersRead} that are stored), or null for none
     * @param membersRead the members asked for, or null when {@code members} holds all of the enclave's
     */
    EnclaveImage(String name, Row row, Map<String, Instant> members, Set<String> membersRead,
                 Map<String, TentacleRow> tentacles) {
        this.name = name;
        this.row = row;
        this.members = members;
        this.membersRead = membersRead;
        this.tentacles = tentacles;
    }

    public String name() {
        return name;
    }

    /**
     * Takes an event of this enclave's stream if it is newer than every one applied: its sequence becomes the row's,
     * its time the row's {@code updated_at}.
     *
     * @return true when the event is new and its changes should apply; false for an old event or an unknown enclave
     */
    public boolean claim(long sequence, Instant at) {
        if (row == null || row.lastSequence >= sequence) {
            return false;
        }
        row.lastSequence = sequence;
        row.updatedAt = at;
        changed = true;
        return true;
    }

    /**
     * A new enclave, or one that starts over after a failure: every column but {@code created_at} is cleared, and, as
     * in the aggregate, its members and tentacles go.
     *
     * @return the fresh row to fill in, or null for an event already applied
     */
    Row start(long sequence, Instant at) {
        if (row != null && row.lastSequence >= sequence) {
            return null;
        }
        Row fresh = new Row();
        fresh.createdAt = row == null ? at : row.createdAt;
        fresh.updatedAt = at;
        fresh.lastSequence = sequence;
        row = fresh;
        clearMembers();
        tentacles().clear();
        changed = true;
        return fresh;
    }

    /** The enclave row; only after a successful {@link #claim} or {@link #start}. */
    Row row() {
        return row;
    }

    /** Registers a member (besides the owner) as of the given time, unless registered already. */
    void registerMember(String member, Instant at) {
        members(member).putIfAbsent(member, at);
    }

    void removeMember(String member) {
        members(member).remove(member);
    }

    /** No members but the owner; the change must have read all of them. */
    void clearMembers() {
        if (membersRead != null) {
            throw new IllegalStateException("not all members of " + name + " were read: the change must ask for all");
        }
        members().clear();
    }

    /** The members as read, by user id, with when they were registered: all of them, or those the changes named. */
    Map<String, Instant> members() {
        if (members == null) {
            throw new IllegalStateException("the members of " + name + " were not read: the change must ask for them");
        }
        return members;
    }

    private Map<String, Instant> members(String member) {
        if (membersRead != null && members != null && !membersRead.contains(member)) {
            throw new IllegalStateException("member " + member + " of " + name + " was not read: the change must name it");
        }
        return members();
    }

    /** Deployed tentacles by name. */
    public Map<String, TentacleRow> tentacles() {
        if (tentacles == null) {
            throw new IllegalStateException("the tentacles of " + name + " were not read: the change must ask for them");
        }
        return tentacles;
    }

    boolean changed() {
        return changed;
    }

    boolean membersLoaded() {
        return members != null;
    }

    boolean tentaclesLoaded() {
        return tentacles != null;
    }
}
