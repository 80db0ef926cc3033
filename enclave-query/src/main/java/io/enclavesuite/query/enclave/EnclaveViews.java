package io.enclavesuite.query.enclave;

import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Enclaves as readers see them. What a reader may see is decided by {@link EnclaveAccess}, the rules the write side
 * enforces too; nothing here restates them.
 */
@Repository
public class EnclaveViews {

    // Names and user ids compare byte-wise ("C"), whatever the database's collation, so the order is the same
    // everywhere.
    private static final String SELECT = """
            select e.*,
                   array(select m.member from enclave_member m where m.enclave = e.name
                         order by m.member collate "C") as members,
                   (select count(*) from tentacle t where t.enclave = e.name) as tentacle_count
            from enclave e
            """;

    private final JdbcTemplate jdbc;

    public EnclaveViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The enclave whoever asks: what the filtered views start from; the API itself always names a reader. */
    public Optional<EnclaveView> find(String name) {
        return jdbc.query(SELECT + " where e.name = ?", EnclaveViews::view, name).stream().findFirst();
    }

    /** The enclave if the reader may view it; empty alike when it does not exist, so existence does not leak. */
    public Optional<EnclaveView> find(String name, UserId reader) {
        return find(name).filter(view -> mayView(view, reader));
    }

    /** Every enclave the reader may view, by name. */
    public List<EnclaveView> readableBy(UserId reader) {
        return jdbc.query(SELECT + " order by e.name collate \"C\"", EnclaveViews::view).stream()
                .filter(view -> mayView(view, reader))
                .toList();
    }

    /** The enclave layer of the permission rules, for views of what lives inside an enclave. */
    public Optional<EnclaveAccess> access(String name) {
        return find(name).map(EnclaveViews::access);
    }

    private static boolean mayView(EnclaveView view, UserId reader) {
        return access(view).decide(Optional.of(reader), Operation.VIEW_ENCLAVE).allowed();
    }

    private static EnclaveAccess access(EnclaveView view) {
        return new EnclaveAccess(EnclaveId.of(view.name()), UserId.of(view.owner()),
                view.members().stream().map(UserId::of).collect(Collectors.toSet()), Mode.parse(view.mode()));
    }

    private static EnclaveView view(ResultSet rs, int row) throws SQLException {
        return new EnclaveView(rs.getString("name"), EnclaveStatus.valueOf(rs.getString("status")),
                rs.getString("owner"), new EnclaveView.Channel(rs.getString("channel_id"), rs.getString("channel_name")),
                rs.getString("namespace"), rs.getString("default_mode"), rs.getString("quota"),
                strings(rs.getArray("members")), rs.getInt("tentacle_count"), rs.getString("frozen_reason"),
                rs.getString("failure_reason"), rs.getString("deprovision_requested_by"),
                instant(rs, "deprovision_request_expires_at"), rs.getString("deprovision_confirmed_by"),
                instant(rs, "created_at"), instant(rs, "activated_at"), instant(rs, "frozen_at"),
                instant(rs, "deprovision_requested_at"), instant(rs, "deprovisioning_started_at"),
                instant(rs, "deprovisioned_at"), instant(rs, "updated_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
