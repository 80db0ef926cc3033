package io.enclavesuite.coordination.directory;

import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.eventtopics.SavepointPerEvent;
import io.enclavesuite.eventtopics.UnreadableEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who belongs to which team enclave — owner and members — from {@code enclave.events}. Each event sets a fact, and
 * Kafka keeps one enclave's events in order, so a redelivery or a replay from the start ends in the same rows.
 * <p>
 * Each event's writes run under a savepoint ({@link SavepointPerEvent}): a statement that fails rolls back to it
 * instead of aborting the processor's whole PostgreSQL transaction, so the event can still be parked in that
 * transaction (the directory's dead letters) and the directory goes on with the next one.
 */
@Component
@SavepointPerEvent
@ProcessingGroup(EnclaveDirectoryProjection.PROCESSING_GROUP)
class EnclaveDirectoryProjection {

    static final String PROCESSING_GROUP = "enclave-directory";

    private final JdbcTemplate jdbc;

    EnclaveDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A record the topic's reader refused: parked in the directory's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    /** Also a re-provisioning after a failure: as in the aggregate, the members start over. */
    @EventHandler
    void on(EnclaveProvisioningStarted event) {
        forget(event.enclaveId());
        add(event.enclaveId(), event.owner());
    }

    @EventHandler
    void on(MemberRegistered event) {
        add(event.enclaveId(), event.member());
    }

    @EventHandler
    void on(MemberRemoved event) {
        jdbc.update("delete from enclave_directory where enclave = ? and user_id = ?", event.enclaveId().value(),
                event.member().value());
    }

    /** The new owner was a member already, and the previous one stays a member. */
    @EventHandler
    void on(EnclaveOwnershipTransferred event) {
        add(event.enclaveId(), event.newOwner());
        add(event.enclaveId(), event.previousOwner());
    }

    @EventHandler
    void on(EnclaveDeprovisioned event) {
        forget(event.enclaveId());
    }

    private void add(EnclaveId enclave, UserId user) {
        jdbc.update("insert into enclave_directory (enclave, user_id) values (?, ?) on conflict do nothing",
                enclave.value(), user.value());
    }

    private void forget(EnclaveId enclave) {
        jdbc.update("delete from enclave_directory where enclave = ?", enclave.value());
    }
}
