package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

@Repository
class EnclaveViews {

    private final JdbcTemplate jdbc;

    EnclaveViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<EnclaveView> find(String name) {
        return jdbc.query("select * from enclave where name = ?", EnclaveViews::view, name).stream().findFirst();
    }

    private static EnclaveView view(ResultSet rs, int row) throws SQLException {
        return new EnclaveView(rs.getString("name"), EnclaveStatus.valueOf(rs.getString("status")),
                rs.getString("owner"), new EnclaveView.Channel(rs.getString("channel_id"), rs.getString("channel_name")),
                rs.getString("namespace"), rs.getString("default_mode"), rs.getString("quota"),
                rs.getString("failure_reason"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("activated_at")), instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
