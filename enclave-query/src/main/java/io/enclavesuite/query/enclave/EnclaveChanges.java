package io.enclavesuite.query.enclave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.query.axon.PrepareCommitBuffer;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies the changes a processor batch makes to enclaves — their rows, members and tentacles — in memory, and writes
 * them once, when the batch prepares to commit: the touched enclaves are read in one query per table, each change
 * applied to its {@link EnclaveImage} in event order, and what differs written in one JDBC batch per table. A batch
 * of a hundred events thus costs a handful of statements instead of one or two per event, which is what a rebuild
 * waited on (docs/benchmarks.md); live, a batch is whatever has arrived, and one event costs three or four.
 * <p>
 * The writes run in the batch's transaction, with its tracking token, so they commit together or not at all. The
 * enclave rows are read {@code for update}: should a second processor hold the same enclaves for a moment (a claim
 * taken over while its old owner still writes), it waits, then reads what the first wrote, and the sequence guard
 * skips what is applied already.
 * <p>
 * Outside a unit of work (a direct call) a change is read, applied and written at once.
 */
@Component
public class EnclaveChanges {

    /** The one tracking processing group of every projection of enclave events: an enclave's events in order. */
    public static final String PROCESSING_GROUP = "enclaves";

    /**
     * What a change reads besides the enclave row: all of the enclave's members or tentacles, or only the members it
     * names. A change to one member names it: an enclave holds up to a hundred, and reading them all for each
     * {@code MemberRegistered} was the live read side's dearest statement (docs/benchmarks.md).
     *
     * @param members the members to read, or null for all of them
     */
    public record Reads(Set<String> members, boolean tentacles) {

        public static final Reads ROW = new Reads(Set.of(), false);
        public static final Reads TENTACLES = new Reads(Set.of(), true);
        public static final Reads ALL = new Reads(null, true);

        /** Only these members' rows (those stored): the change touches no other member. */
        public static Reads members(String... members) {
            return new Reads(Set.copyOf(Arrays.asList(members)), false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROW_COLUMNS = """
            name, status, owner, channel_id, channel_name, namespace, default_mode, quota, failure_reason, created_at,
            activated_at, updated_at, last_sequence, frozen_reason, frozen_at, deprovision_requested_by,
            deprovision_requested_at, deprovision_request_expires_at, deprovision_confirmed_by,
            deprovisioning_started_at, deprovisioned_at, services""";
    // ordered, so that two writers of the same enclaves lock them in the same order
    private static final String READ_ROWS =
            "select " + ROW_COLUMNS + " from enclave where name = any(?) order by name for update";
    private static final String WRITE_ROW = "insert into enclave (" + ROW_COLUMNS + """
            ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            on conflict (name) do update set
                status = excluded.status, owner = excluded.owner, channel_id = excluded.channel_id,
                channel_name = excluded.channel_name, namespace = excluded.namespace,
                default_mode = excluded.default_mode, quota = excluded.quota, failure_reason = excluded.failure_reason,
                created_at = excluded.created_at, activated_at = excluded.activated_at,
                updated_at = excluded.updated_at, last_sequence = excluded.last_sequence,
                frozen_reason = excluded.frozen_reason, frozen_at = excluded.frozen_at,
                deprovision_requested_by = excluded.deprovision_requested_by,
                deprovision_requested_at = excluded.deprovision_requested_at,
                deprovision_request_expires_at = excluded.deprovision_request_expires_at,
                deprovision_confirmed_by = excluded.deprovision_confirmed_by,
                deprovisioning_started_at = excluded.deprovisioning_started_at,
                deprovisioned_at = excluded.deprovisioned_at, services = excluded.services
            where enclave.last_sequence < excluded.last_sequence""";

    // One index lookup per enclave, whatever the statistics say. Without them (a table not analysed yet, or just
    // emptied by a reset) the planner takes "enclave = any(?)" for a quarter of the table and scans all of it, for
    // every batch of a rebuild; "offset 0" keeps the lookup per enclave from being flattened into such a join.
    static final String READ_MEMBERS = """
            select m.enclave, m.member, m.registered_at from unnest(?) as wanted (enclave)
            cross join lateral (select * from enclave_member m where m.enclave = wanted.enclave offset 0) m""";
    static final String READ_NAMED_MEMBERS = """
            select m.enclave, m.member, m.registered_at from unnest(?, ?) as wanted (enclave, member)
            cross join lateral (select * from enclave_member m
                                where m.enclave = wanted.enclave and m.member = wanted.member offset 0) m""";
    private static final String DELETE_MEMBER = "delete from enclave_member where enclave = ? and member = ?";
    private static final String WRITE_MEMBER = """
            insert into enclave_member (enclave, member, registered_at) values (?, ?, ?)
            on conflict (enclave, member) do update set registered_at = excluded.registered_at""";

    private static final String TENTACLE_COLUMNS = """
            enclave, name, image, schedule, mode, owner, dependencies, runs, last_run_at, deployed_at, updated_at,
            workload_failure, workload_failed_at""";
    static final String READ_TENTACLES = """
            select t.* from unnest(?) as wanted (enclave)
            cross join lateral (select * from tentacle t where t.enclave = wanted.enclave offset 0) t""";
    private static final String DELETE_TENTACLE = "delete from tentacle where enclave = ? and name = ?";
    private static final String WRITE_TENTACLE = "insert into tentacle (" + TENTACLE_COLUMNS + """
            ) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (enclave, name) do update set
                image = excluded.image, schedule = excluded.schedule, mode = excluded.mode, owner = excluded.owner,
                dependencies = excluded.dependencies, runs = excluded.runs, last_run_at = excluded.last_run_at,
                deployed_at = excluded.deployed_at, updated_at = excluded.updated_at,
                workload_failure = excluded.workload_failure, workload_failed_at = excluded.workload_failed_at""";

    private final JdbcTemplate jdbc;
    private final PrepareCommitBuffer<Pending> pending;

    public EnclaveChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.pending = new PrepareCommitBuffer<>(EnclaveChanges.class, "pending", Pending::new, this::write);
    }

    /**
     * A change to one enclave's rows, applied in event order with the other changes of the batch. The change decides
     * with {@link EnclaveImage#claim} whether its event is new.
     *
     * @param reads what the change looks at besides the enclave row
     */
    public void change(EnclaveId enclave, Reads reads, Consumer<EnclaveImage> change) {
        pending.add(batch -> batch.add(enclave.value(), reads, change));
    }

    /** One event's change to one enclave. */
    private record Change(String enclave, Consumer<EnclaveImage> apply) {
    }

    /** A processor batch's changes, in event order, and which rows they read. */
    private static final class Pending {
        final List<Change> changes = new ArrayList<>();
        final Set<String> enclaves = new LinkedHashSet<>();
        final Set<String> withAllMembers = new LinkedHashSet<>();
        /** Enclaves some of whose members are read, with those members; all of them when also in withAllMembers. */
        final Map<String, Set<String>> withMembers = new LinkedHashMap<>();
        final Set<String> withTentacles = new LinkedHashSet<>();

        void add(String enclave, Reads reads, Consumer<EnclaveImage> change) {
            changes.add(new Change(enclave, change));
            enclaves.add(enclave);
            if (reads.members() == null) {
                withAllMembers.add(enclave);
                withMembers.computeIfAbsent(enclave, key -> new LinkedHashSet<>());
            } else if (!reads.members().isEmpty()) {
                withMembers.computeIfAbsent(enclave, key -> new LinkedHashSet<>()).addAll(reads.members());
            }
            if (reads.tentacles()) {
                withTentacles.add(enclave);
            }
        }

        /** The named members of the enclaves whose members are not all read, as (enclaves, members) columns. */
        Object[][] namedMembers() {
            List<String> enclaveColumn = new ArrayList<>();
            List<String> memberColumn = new ArrayList<>();
            withMembers.forEach((enclave, members) -> {
                if (!withAllMembers.contains(enclave)) {
                    members.forEach(member -> {
                        enclaveColumn.add(enclave);
                        memberColumn.add(member);
                    });
                }
            });
            return new Object[][]{enclaveColumn.toArray(), memberColumn.toArray()};
        }
    }

    /** An enclave as read, and the image its changes are applied to. */
    private record Loaded(Map<String, Instant> members, Map<String, TentacleRow> tentacles, EnclaveImage image) {
    }

    private void write(Pending pending) {
        Map<String, Loaded> loaded = read(pending);
        for (Change change : pending.changes) {
            change.apply().accept(loaded.get(change.enclave()).image());
        }
        List<EnclaveImage> rows = new ArrayList<>();
        List<Object[]> goneMembers = new ArrayList<>();
        List<Object[]> members = new ArrayList<>();
        List<Object[]> goneTentacles = new ArrayList<>();
        List<Object[]> tentacles = new ArrayList<>();
        for (Loaded enclave : loaded.values()) {
            EnclaveImage image = enclave.image();
            if (image.changed()) {
                rows.add(image);
            }
            if (image.membersLoaded()) {
                differences(image.name(), enclave.members(), image.members(), goneMembers, members);
            }
            if (image.tentaclesLoaded()) {
                differences(image.name(), enclave.tentacles(), image.tentacles(), goneTentacles, tentacles);
            }
        }
        // enclave rows first: members and tentacles reference them
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(WRITE_ROW, rows, rows.size(), EnclaveChanges::bindRow);
        }
        batch(DELETE_MEMBER, goneMembers);
        if (!members.isEmpty()) {
            jdbc.batchUpdate(WRITE_MEMBER, members, members.size(), (statement, member) -> {
                statement.setString(1, (String) member[0]);
                statement.setString(2, (String) member[1]);
                statement.setTimestamp(3, timestamp((Instant) member[2]));
            });
        }
        batch(DELETE_TENTACLE, goneTentacles);
        if (!tentacles.isEmpty()) {
            jdbc.batchUpdate(WRITE_TENTACLE, tentacles, tentacles.size(), EnclaveChanges::bindTentacle);
        }
    }

    /** Deleted keys as (enclave, key); added or changed rows as (enclave, key, row). */
    private static <V> void differences(String enclave, Map<String, V> before, Map<String, V> after,
                                        List<Object[]> deleted, List<Object[]> written) {
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                deleted.add(new Object[]{enclave, key});
            }
        }
        after.forEach((key, row) -> {
            if (!Objects.equals(before.get(key), row)) {
                written.add(new Object[]{enclave, key, row});
            }
        });
    }

    private void batch(String sql, List<Object[]> keys) {
        if (!keys.isEmpty()) {
            jdbc.batchUpdate(sql, keys, keys.size(), (statement, key) -> {
                statement.setString(1, (String) key[0]);
                statement.setString(2, (String) key[1]);
            });
        }
    }

    /**
     * The touched enclaves as stored: one query per table, whatever the number of enclaves (two for members when
     * some enclaves need all of theirs and others only named ones).
     */
    private Map<String, Loaded> read(Pending pending) {
        Map<String, EnclaveImage.Row> rows = new HashMap<>();
        read(READ_ROWS, pending.enclaves.toArray(), result -> {
            rows.put(result.getString("name"), row(result));
        });
        Map<String, Map<String, Instant>> members = new HashMap<>();
        pending.withMembers.keySet().forEach(enclave -> members.put(enclave, new LinkedHashMap<>()));
        RowCallbackHandler member = result -> members.get(result.getString("enclave"))
                .put(result.getString("member"), instant(result, "registered_at"));
        if (!pending.withAllMembers.isEmpty()) {
            read(READ_MEMBERS, pending.withAllMembers.toArray(), member);
        }
        Object[][] named = pending.namedMembers();
        if (named[0].length > 0) {
            read(READ_NAMED_MEMBERS, named, member);
        }
        Map<String, Map<String, TentacleRow>> tentacles = new HashMap<>();
        pending.withTentacles.forEach(enclave -> tentacles.put(enclave, new LinkedHashMap<>()));
        if (!pending.withTentacles.isEmpty()) {
            read(READ_TENTACLES, pending.withTentacles.toArray(), result -> {
                tentacles.get(result.getString("enclave")).put(result.getString("name"), tentacle(result));
            });
        }
        Map<String, Loaded> loaded = new LinkedHashMap<>();
        for (String enclave : pending.enclaves) {
            Map<String, Instant> itsMembers = members.get(enclave);
            Map<String, TentacleRow> itsTentacles = tentacles.get(enclave);
            Set<String> membersRead = itsMembers == null ? Set.of()
                    : pending.withAllMembers.contains(enclave) ? null : pending.withMembers.get(enclave);
            loaded.put(enclave, new Loaded(itsMembers, itsTentacles, new EnclaveImage(enclave, rows.get(enclave),
                    itsMembers == null ? null : new LinkedHashMap<>(itsMembers), membersRead,
                    itsTentacles == null ? null : new LinkedHashMap<>(itsTentacles))));
        }
        return loaded;
    }

    /**
     * The rows of the given enclaves, planned afresh each time (an unnamed statement, never a cached generic plan). A
     * plan cached while a table was nearly empty — early on, or after a reset, at the start of a rebuild — scans the
     * whole table for every batch once it has grown: that alone held a 200,000-event rebuild at 8,800 events/s.
     */
    private void read(String sql, Object[] enclaves, RowCallbackHandler rows) {
        read(sql, new Object[][]{enclaves}, rows);
    }

    /** The same, with a text array for each parameter. */
    private void read(String sql, Object[][] columns, RowCallbackHandler rows) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, connection.createArrayOf("text", columns[i]));
            }
            return statement;
        }, rows);
    }

    private static EnclaveImage.Row row(ResultSet result) throws SQLException {
        EnclaveImage.Row row = new EnclaveImage.Row();
        row.status = result.getString("status");
        row.owner = result.getString("owner");
        row.channelId = result.getString("channel_id");
        row.channelName = result.getString("channel_name");
        row.namespace = result.getString("namespace");
        row.defaultMode = result.getString("default_mode");
        row.quota = result.getString("quota");
        row.failureReason = result.getString("failure_reason");
        row.createdAt = instant(result, "created_at");
        row.activatedAt = instant(result, "activated_at");
        row.updatedAt = instant(result, "updated_at");
        row.lastSequence = result.getLong("last_sequence");
        row.frozenReason = result.getString("frozen_reason");
        row.frozenAt = instant(result, "frozen_at");
        row.deprovisionRequestedBy = result.getString("deprovision_requested_by");
        row.deprovisionRequestedAt = instant(result, "deprovision_requested_at");
        row.deprovisionRequestExpiresAt = instant(result, "deprovision_request_expires_at");
        row.deprovisionConfirmedBy = result.getString("deprovision_confirmed_by");
        row.deprovisioningStartedAt = instant(result, "deprovisioning_started_at");
        row.deprovisionedAt = instant(result, "deprovisioned_at");
        try {
            row.services = (ObjectNode) JSON.readTree(result.getString("services"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the services of enclave " + result.getString("name") + " are not JSON", e);
        }
        return row;
    }

    private static void bindRow(PreparedStatement statement, EnclaveImage image) throws SQLException {
        EnclaveImage.Row row = image.row();
        int i = 0;
        statement.setString(++i, image.name());
        statement.setString(++i, row.status);
        statement.setString(++i, row.owner);
        statement.setString(++i, row.channelId);
        statement.setString(++i, row.channelName);
        statement.setString(++i, row.namespace);
        statement.setString(++i, row.defaultMode);
        statement.setString(++i, row.quota);
        statement.setString(++i, row.failureReason);
        statement.setTimestamp(++i, timestamp(row.createdAt));
        statement.setTimestamp(++i, timestamp(row.activatedAt));
        statement.setTimestamp(++i, timestamp(row.updatedAt));
        statement.setLong(++i, row.lastSequence);
        statement.setString(++i, row.frozenReason);
        statement.setTimestamp(++i, timestamp(row.frozenAt));
        statement.setString(++i, row.deprovisionRequestedBy);
        statement.setTimestamp(++i, timestamp(row.deprovisionRequestedAt));
        statement.setTimestamp(++i, timestamp(row.deprovisionRequestExpiresAt));
        statement.setString(++i, row.deprovisionConfirmedBy);
        statement.setTimestamp(++i, timestamp(row.deprovisioningStartedAt));
        statement.setTimestamp(++i, timestamp(row.deprovisionedAt));
        statement.setString(++i, row.services.toString());
    }

    private static TentacleRow tentacle(ResultSet result) throws SQLException {
        return new TentacleRow(result.getString("image"), result.getString("schedule"), result.getString("mode"),
                result.getString("owner"), result.getString("dependencies"), result.getInt("runs"),
                instant(result, "last_run_at"), instant(result, "deployed_at"), instant(result, "updated_at"),
                result.getString("workload_failure"), instant(result, "workload_failed_at"));
    }

    private static void bindTentacle(PreparedStatement statement, Object[] written) throws SQLException {
        TentacleRow tentacle = (TentacleRow) written[2];
        statement.setString(1, (String) written[0]);
        statement.setString(2, (String) written[1]);
        statement.setString(3, tentacle.image());
        statement.setString(4, tentacle.schedule());
        statement.setString(5, tentacle.mode());
        statement.setString(6, tentacle.owner());
        statement.setString(7, tentacle.dependencies());
        statement.setInt(8, tentacle.runs());
        statement.setTimestamp(9, timestamp(tentacle.lastRunAt()));
        statement.setTimestamp(10, timestamp(tentacle.deployedAt()));
        statement.setTimestamp(11, timestamp(tentacle.updatedAt()));
        statement.setString(12, tentacle.workloadFailure());
        statement.setTimestamp(13, timestamp(tentacle.workloadFailedAt()));
    }

    private static Instant instant(ResultSet result, String column) throws SQLException {
        Timestamp value = result.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
