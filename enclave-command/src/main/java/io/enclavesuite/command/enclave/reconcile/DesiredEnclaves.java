package io.enclavesuite.command.enclave.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The desired state the reconciler converges the cluster to, one row per enclave, folded from the enclave's events.
 * It runs in a subscribing processor (enclave-command.yml), inside the unit of work that appends the event: by the
 * time a saga sees an enclave being deprovisioned, this table says so too, so the reconciler never rebuilds a
 * namespace a saga is taking down. A provisioning that starts again after a failure starts the row afresh.
 */
@Component
@ProcessingGroup(DesiredEnclaves.PROCESSING_GROUP)
public class DesiredEnclaves {

    public static final String PROCESSING_GROUP = "enclave-desired-state";
    private static final TypeReference<Map<String, String>> ANNOTATIONS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json = EnclaveJson.mapper();

    public DesiredEnclaves(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every enclave ever provisioned, in name order. */
    public List<DesiredEnclave> all() {
        return jdbc.query("select * from enclave_desired_state order by enclave", this::row);
    }

    /** The id of every enclave ever provisioned, in name order: a full pass reads each one's row under its lock. */
    public List<EnclaveId> ids() {
        return jdbc.query("select enclave from enclave_desired_state order by enclave",
                (rs, row) -> EnclaveId.of(rs.getString("enclave")));
    }

    public Optional<DesiredEnclave> of(EnclaveId enclave) {
        return jdbc.query("select * from enclave_desired_state where enclave = ?", this::row, enclave.value())
                .stream().findFirst();
    }

    /** The annotations the reconciler has just put on the enclave's namespace. */
    void applied(EnclaveId enclave, Map<String, String> annotations) {
        jdbc.update("update enclave_desired_state set applied_annotations = ?::jsonb where enclave = ?",
                write(annotations), enclave.value());
    }

    /** What the provisioning saga is about to create is what was last applied, as far as the reconciler knows. */
    @EventHandler
    void on(EnclaveProvisioningStarted event) {
        Mode mode = event.defaultMode() == null ? Mode.DEFAULT : event.defaultMode();
        QuotaPreset quota = event.quota() == null ? QuotaPreset.DEFAULT : event.quota();
        String annotations = write(EnclaveLabels.annotations(event.owner(), event.channel(), mode, quota, event.at()));
        jdbc.update("""
                        insert into enclave_desired_state (enclave, status, owner, channel_id, channel_name, mode, quota,
                                                           created_at, applied_annotations)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                        on conflict (enclave) do update set status = excluded.status, owner = excluded.owner,
                            channel_id = excluded.channel_id, channel_name = excluded.channel_name, mode = excluded.mode,
                            quota = excluded.quota, created_at = excluded.created_at,
                            applied_annotations = excluded.applied_annotations""",
                event.enclaveId().value(), EnclaveStatus.PROVISIONING.name(), event.owner().value(),
                event.channel().id().value(), event.channel().name(), mode.bits(), quota.name(),
                Timestamp.from(event.at()), annotations);
    }

    @EventHandler
    void on(EnclaveActivated event) {
        status(event.enclaveId(), EnclaveStatus.ACTIVE);
    }

    @EventHandler
    void on(EnclaveProvisioningFailed event) {
        status(event.enclaveId(), EnclaveStatus.FAILED);
    }

    @EventHandler
    void on(EnclaveFrozen event) {
        status(event.enclaveId(), EnclaveStatus.FROZEN);
    }

    @EventHandler
    void on(EnclaveUnfrozen event) {
        status(event.enclaveId(), EnclaveStatus.ACTIVE);
    }

    @EventHandler
    void on(EnclaveDeprovisioningStarted event) {
        status(event.enclaveId(), EnclaveStatus.DEPROVISIONING);
    }

    @EventHandler
    void on(EnclaveDeprovisioned event) {
        status(event.enclaveId(), EnclaveStatus.DEPROVISIONED);
    }

    @EventHandler
    void on(EnclaveOwnershipTransferred event) {
        jdbc.update("update enclave_desired_state set owner = ? where enclave = ?", event.newOwner().value(),
                event.enclaveId().value());
    }

    @EventHandler
    void on(EnclaveModeChanged event) {
        jdbc.update("update enclave_desired_state set mode = ? where enclave = ?", event.mode().bits(),
                event.enclaveId().value());
    }

    @EventHandler
    void on(ChannelRenamed event) {
        jdbc.update("update enclave_desired_state set channel_name = ? where enclave = ?", event.name(),
                event.enclaveId().value());
    }

    /**
     * Enclaves bound to a channel before this table existed: each is folded from its own events, read from the
     * first (past any snapshot), once. An event appended to such an enclave during its fold may be missed until it
     * is folded again; this runs at the first start after the upgrade, before the reconciler's first pass.
     */
    int backfill(EventStore events) {
        List<String> missing = jdbc.queryForList("""
                select enclave from channel_binding
                where enclave not in (select enclave from enclave_desired_state) order by enclave""", String.class);
        for (String enclave : missing) {
            events.readEvents(enclave, 0).asStream().map(DomainEventMessage::getPayload).forEach(this::fold);
        }
        return missing.size();
    }

    private void fold(Object event) {
        if (event instanceof EnclaveProvisioningStarted started) {
            on(started);
        } else if (event instanceof EnclaveActivated activated) {
            on(activated);
        } else if (event instanceof EnclaveProvisioningFailed failed) {
            on(failed);
        } else if (event instanceof EnclaveFrozen frozen) {
            on(frozen);
        } else if (event instanceof EnclaveUnfrozen unfrozen) {
            on(unfrozen);
        } else if (event instanceof EnclaveDeprovisioningStarted deprovisioning) {
            on(deprovisioning);
        } else if (event instanceof EnclaveDeprovisioned deprovisioned) {
            on(deprovisioned);
        } else if (event instanceof EnclaveOwnershipTransferred transferred) {
            on(transferred);
        } else if (event instanceof EnclaveModeChanged modeChanged) {
            on(modeChanged);
        } else if (event instanceof ChannelRenamed renamed) {
            on(renamed);
        }
    }

    private void status(EnclaveId enclave, EnclaveStatus status) {
        jdbc.update("update enclave_desired_state set status = ? where enclave = ?", status.name(), enclave.value());
    }

    private DesiredEnclave row(ResultSet rs, int row) throws SQLException {
        QuotaPreset quota = QuotaPreset.valueOf(rs.getString("quota"));
        return new DesiredEnclave(EnclaveId.of(rs.getString("enclave")), EnclaveStatus.valueOf(rs.getString("status")),
                quota,
                EnclaveLabels.annotations(UserId.of(rs.getString("owner")),
                        new ChannelRef(ChannelId.of(rs.getString("channel_id")), rs.getString("channel_name")),
                        Mode.parse(rs.getString("mode")), quota, rs.getTimestamp("created_at").toInstant()),
                read(rs.getString("applied_annotations")));
    }

    private String write(Map<String, String> annotations) {
        try {
            return json.writeValueAsString(annotations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("annotations did not write as JSON", e);
        }
    }

    private Map<String, String> read(String annotations) {
        try {
            return json.readValue(annotations, ANNOTATIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored annotations do not read as JSON", e);
        }
    }
}
