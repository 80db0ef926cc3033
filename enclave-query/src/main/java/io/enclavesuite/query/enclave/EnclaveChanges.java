package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.query.axon.PrepareCommitBuffer;
import io.enclavesuite.query.jdbc.Columns;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.lang.invoke.MethodHandles;
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

    /** The {@code enclave} table's columns but its key, {@code name}: {@link EnclaveImage.Row}'s fields. */
    private static final Columns<EnclaveImage.Row> ROW =
            Columns.ofFields(EnclaveImage.Row.class, MethodHandles.lookup());
    // ordered, so that two writers of the same enclaves lock them in the same order
    private static final String READ_ROWS =
            "select name, " + ROW.names() + " from enclave where name = any(?) order by name for update";
    private static final String WRITE_ROW = "insert into enclave (name, " + ROW.names() + ") values (?, "
            + ROW.placeholders() + ") on conflict (name) do update set " + ROW.setFromExcluded()
            + " where enclave.last_sequence < excluded.last_sequence";

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

    /** The {@code tentacle} table's columns but its key, {@code (enclave, name)}: {@link TentacleRow}'s components. */
    private static final Columns<TentacleRow> TENTACLE = Columns.ofRecord(TentacleRow.class, MethodHandles.lookup());
    static final String READ_TENTACLES = """
            select t.* from unnest(?) as wanted (enclave)
            cross join lateral (select * from tentacle t where t.enclave = wanted.enclave offset 0) t""";
    private static final String DELETE_TENTACLE = "delete from tentacle where enclave = ? and name = ?";
    private static final String WRITE_TENTACLE = "insert into tentacle (enclave, name, " + TENTACLE.names()
            + ") values (?, ?, " + TENTACLE.placeholders() + ") on conflict (enclave, name) do update set "
            + TENTACLE.setFromExcluded();

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
            jdbc.batchUpdate(WRITE_ROW, rows, rows.size(), (statement, image) -> {
                statement.setString(1, image.name());
                ROW.bind(statement, 2, image.row());
            });
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
            jdbc.batchUpdate(WRITE_TENTACLE, tentacles, tentacles.size(), (statement, written) -> {
                statement.setString(1, (String) written[0]);
                statement.setString(2, (String) written[1]);
                TENTACLE.bind(statement, 3, (TentacleRow) written[2]);
            });
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
            rows.put(result.getString("name"), ROW.read(result));
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
                tentacles.get(result.getString("enclave")).put(result.getString("name"), TENTACLE.read(result));
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
     * whole table for every batch once it has grown, and a rebuild slows to a crawl (docs/benchmarks.md, issue 7).
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

    private static Instant instant(ResultSet result, String column) throws SQLException {
        Timestamp value = result.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }
}
