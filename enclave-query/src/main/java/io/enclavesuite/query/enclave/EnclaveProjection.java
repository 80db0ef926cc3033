package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Projects enclave events into the {@code enclave} table. Each write applies only if the event is newer than the
 * row ({@code last_sequence}), so replays and Kafka redeliveries leave the row as it is.
 */
@Component
@ProcessingGroup(EnclaveProjection.PROCESSING_GROUP)
class EnclaveProjection {

    static final String PROCESSING_GROUP = "enclaves";

    private final JdbcTemplate jdbc;

    EnclaveProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Also a re-provisioning after a failure: the row starts over. */
    @EventHandler
    void on(EnclaveProvisioningStarted event, @SequenceNumber long sequence) {
        jdbc.update("""
                        insert into enclave (name, status, owner, channel_id, channel_name, namespace, default_mode,
                                             quota, failure_reason, created_at, activated_at, updated_at, last_sequence)
                        values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?)
                        on conflict (name) do update set
                            status = excluded.status, owner = excluded.owner, channel_id = excluded.channel_id,
                            channel_name = excluded.channel_name, namespace = excluded.namespace,
                            default_mode = excluded.default_mode, quota = excluded.quota, failure_reason = null,
                            activated_at = null, updated_at = excluded.updated_at,
                            last_sequence = excluded.last_sequence
                        where enclave.last_sequence < excluded.last_sequence""",
                event.enclaveId().value(), EnclaveStatus.PROVISIONING.name(), event.owner().value(),
                event.channel().id().value(), event.channel().name(), event.namespace(), event.defaultMode().bits(),
                event.quota().label(), Timestamp.from(event.at()), Timestamp.from(event.at()), sequence);
    }

    @EventHandler
    void on(EnclaveActivated event, @SequenceNumber long sequence) {
        jdbc.update("""
                        update enclave set status = ?, namespace = ?, activated_at = ?, updated_at = ?, last_sequence = ?
                        where name = ? and last_sequence < ?""",
                EnclaveStatus.ACTIVE.name(), event.namespace(), Timestamp.from(event.at()), Timestamp.from(event.at()),
                sequence, event.enclaveId().value(), sequence);
    }

    @EventHandler
    void on(EnclaveProvisioningFailed event, @SequenceNumber long sequence) {
        jdbc.update("""
                        update enclave set status = ?, failure_reason = ?, updated_at = ?, last_sequence = ?
                        where name = ? and last_sequence < ?""",
                EnclaveStatus.FAILED.name(), event.reason(), Timestamp.from(event.at()), sequence,
                event.enclaveId().value(), sequence);
    }

    /** A replay from the start rebuilds the table from nothing. */
    @ResetHandler
    void reset() {
        jdbc.update("delete from enclave");
    }
}
