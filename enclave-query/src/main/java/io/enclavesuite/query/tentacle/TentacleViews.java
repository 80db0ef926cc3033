package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.query.enclave.EnclaveViews;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Tentacles as readers see them, through both layers of {@link EnclaveAccess}: listing needs
 * {@link Operation#LIST_TENTACLES} on the enclave, and each tentacle shows only where {@link Operation#VIEW_TENTACLE}
 * allows it — so a tentacle its owner made {@code rwx------} is invisible to the other members.
 */
@Repository
public class TentacleViews {

    private final JdbcTemplate jdbc;
    private final EnclaveViews enclaves;

    public TentacleViews(JdbcTemplate jdbc, EnclaveViews enclaves) {
        this.jdbc = jdbc;
        this.enclaves = enclaves;
    }

    /** The tentacles the reader may view, by name; empty when the reader may not list the enclave's tentacles. */
    public Optional<List<TentacleView>> readableBy(String enclave, UserId reader) {
        Optional<UserId> actor = Optional.of(reader);
        return enclaves.access(enclave)
                .filter(access -> access.decide(actor, Operation.LIST_TENTACLES).allowed())
                .map(access -> jdbc.query("select * from tentacle where enclave = ? order by name collate \"C\"",
                                TentacleViews::view, enclave).stream()
                        .filter(tentacle -> mayView(access, actor, tentacle))
                        .toList());
    }

    /** The tentacle if the reader may view it; empty alike when it does not exist, so existence does not leak. */
    public Optional<TentacleView> find(String enclave, String tentacle, UserId reader) {
        Optional<UserId> actor = Optional.of(reader);
        return enclaves.access(enclave).flatMap(access -> jdbc.query(
                        "select * from tentacle where enclave = ? and name = ?", TentacleViews::view, enclave, tentacle)
                .stream().findFirst()
                .filter(view -> mayView(access, actor, view)));
    }

    private static boolean mayView(EnclaveAccess access, Optional<UserId> actor, TentacleView tentacle) {
        TentacleAccess layer = new TentacleAccess(TentacleName.of(tentacle.name()), UserId.of(tentacle.owner()),
                Mode.parse(tentacle.mode()));
        return access.decide(actor, Operation.VIEW_TENTACLE, layer).allowed();
    }

    private static TentacleView view(ResultSet rs, int row) throws SQLException {
        String dependencies = rs.getString("dependencies");
        return new TentacleView(rs.getString("enclave"), rs.getString("name"), rs.getString("image"),
                rs.getString("schedule"), rs.getString("mode"), rs.getString("owner"),
                dependencies.isEmpty() ? List.of() : Arrays.asList(dependencies.split(",")), rs.getInt("runs"),
                instant(rs, "last_run_at"), instant(rs, "deployed_at"), instant(rs, "updated_at"),
                rs.getString("workload_failure"), instant(rs, "workload_failed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
