package io.enclavesuite.query.enclave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.access.EnclaveAccess;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Enclaves as readers see them. What a reader may see is decided by {@link EnclaveAccess}, the rules the write side
 * enforces too; nothing here restates them.
 */
@Repository
public class EnclaveViews {

    // Names and user ids compare byte-wise ("C"), whatever the database's collation, so the order is the same
    // everywhere. Each tentacle comes as "owner mode name" (none of the three holds a space): what counting the
    // tentacles a reader may view needs.
    private static final String SELECT = """
            select e.*,
                   array(select m.member from enclave_member m where m.enclave = e.name
                         order by m.member collate "C") as members,
                   array(select t.owner || ' ' || t.mode || ' ' || t.name from tentacle t
                         where t.enclave = e.name) as tentacles
            from enclave e
            """;

    /** An enclave as stored: its view with every tentacle counted, and what deciding who sees which tentacle needs. */
    private record Row(EnclaveView view, List<TentacleAccess> tentacles) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;

    public EnclaveViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The enclave whoever asks, every tentacle counted: what the filtered views start from; the API itself always names
     * a reader.
     */
    public Optional<EnclaveView> find(String name) {
        return row(name).map(Row::view);
    }

    /**
     * The enclave if the reader may view it, counting only the tentacles they may view; empty alike when it does not
     * exist, so existence does not leak — neither the enclave's nor a hidden tentacle's.
     */
    public Optional<EnclaveView> find(String name, UserId reader) {
        return row(name).flatMap(row -> asSeenBy(row, reader));
    }

    /** Every enclave the reader may view, by name, as {@link #find(String, UserId)} shows it. */
    public List<EnclaveView> readableBy(UserId reader) {
        return jdbc.query(SELECT + " order by e.name collate \"C\"", EnclaveViews::row).stream()
                .flatMap(row -> asSeenBy(row, reader).stream())
                .toList();
    }

    private Optional<Row> row(String name) {
        return jdbc.query(SELECT + " where e.name = ?", EnclaveViews::row, name).stream().findFirst();
    }

    private static Optional<EnclaveView> asSeenBy(Row row, UserId reader) {
        EnclaveAccess access = access(row.view());
        Optional<UserId> actor = Optional.of(reader);
        if (!access.decide(actor, Operation.VIEW_ENCLAVE).allowed()) {
            return Optional.empty();
        }
        int visible = (int) row.tentacles().stream()
                .filter(tentacle -> access.decide(actor, Operation.VIEW_TENTACLE, tentacle).allowed())
                .count();
        return Optional.of(row.view().withTentacleCount(visible));
    }

    /** The enclave layer of the permission rules, for views of what lives inside an enclave. */
    public Optional<EnclaveAccess> access(String name) {
        return find(name).map(EnclaveViews::access);
    }

    private static EnclaveAccess access(EnclaveView view) {
        return new EnclaveAccess(EnclaveId.of(view.name()), UserId.of(view.owner()),
                view.members().stream().map(UserId::of).collect(Collectors.toSet()), Mode.parse(view.mode()));
    }

    private static Row row(ResultSet rs, int row) throws SQLException {
        List<TentacleAccess> tentacles = strings(rs.getArray("tentacles")).stream().map(tentacle -> {
            String[] parts = tentacle.split(" ");
            return new TentacleAccess(TentacleName.of(parts[2]), UserId.of(parts[0]), Mode.parse(parts[1]));
        }).toList();
        return new Row(view(rs, tentacles.size()), tentacles);
    }

    private static EnclaveView view(ResultSet rs, int tentacleCount) throws SQLException {
        return new EnclaveView(rs.getString("name"), EnclaveStatus.valueOf(rs.getString("status")),
                rs.getString("owner"), new EnclaveView.Channel(rs.getString("channel_id"), rs.getString("channel_name")),
                rs.getString("namespace"), rs.getString("default_mode"), rs.getString("quota"),
                strings(rs.getArray("members")), tentacleCount,
                EnclaveImage.frozenForLabels(rs.getString("frozen_reason")), rs.getString("failure_reason"), rs.getString("deprovision_requested_by"),
                instant(rs, "deprovision_request_expires_at"), rs.getString("deprovision_confirmed_by"),
                instant(rs, "created_at"), instant(rs, "activated_at"), instant(rs, "frozen_at"),
                instant(rs, "deprovision_requested_at"), instant(rs, "deprovisioning_started_at"),
                instant(rs, "deprovisioned_at"), instant(rs, "updated_at"), services(rs));
    }

    /**
     * The database follows the enclave (an enclave is ACTIVE only with its database); the others are what the sagas
     * last recorded, object storage pending until its bucket is reported and the on-demand ones not requested until
     * a tentacle declares them.
     */
    private static Map<String, SharedServiceView> services(ResultSet rs) throws SQLException {
        EnclaveStatus status = EnclaveStatus.valueOf(rs.getString("status"));
        Map<String, SharedServiceView> services = new LinkedHashMap<>();
        services.put(Dependency.POSTGRES.label(), switch (status) {
            case PROVISIONING -> new SharedServiceView(SharedServiceView.PENDING, null, null);
            case ACTIVE, FROZEN, DEPROVISIONING -> new SharedServiceView(SharedServiceView.AVAILABLE,
                    "database " + rs.getString("namespace"), instant(rs, "activated_at"));
            case FAILED -> new SharedServiceView(SharedServiceView.FAILED, rs.getString("failure_reason"), null);
            case DEPROVISIONED -> new SharedServiceView(SharedServiceView.REMOVED, null, instant(rs, "deprovisioned_at"));
        });
        JsonNode recorded = readTree(rs.getString("services"));
        for (Dependency service : List.of(Dependency.OBJECT_STORAGE, Dependency.MESSAGING, Dependency.IDENTITY)) {
            JsonNode entry = recorded.path(service.label());
            SharedServiceView view;
            if (status == EnclaveStatus.DEPROVISIONED) {
                view = new SharedServiceView(SharedServiceView.REMOVED, null, instant(rs, "deprovisioned_at"));
            } else if (entry.isObject()) {
                view = new SharedServiceView(entry.path("state").asText(), entry.path("detail").asText(null),
                        Instant.parse(entry.path("since").asText()));
            } else if (service == Dependency.OBJECT_STORAGE && status != EnclaveStatus.FAILED) {
                view = new SharedServiceView(SharedServiceView.PENDING, null, null);
            } else {
                view = new SharedServiceView(SharedServiceView.NOT_REQUESTED, null, null);
            }
            services.put(service.label(), view);
        }
        return services;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("enclave.services is not JSON: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
