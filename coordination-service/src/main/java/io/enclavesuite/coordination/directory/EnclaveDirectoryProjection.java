package io.enclavesuite.coordination.directory;

import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.eventtopics.UnreadableEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who belongs to which team enclave — owner and members — from {@code enclave.events}. Each event sets a fact, and
 * Kafka keeps one enclave's events in order, so a redelivery or a replay from the start ends in the same rows.
 * <p>
 * Each event's writes run under a savepoint: a statement that fails rolls back to it instead of aborting the
 * processor's whole PostgreSQL transaction, so the event can still be parked in that transaction (the directory's dead
 * letters) and the directory goes on with the next one.
 */
@Component
@ProcessingGroup(EnclaveDirectoryProjection.PROCESSING_GROUP)
class EnclaveDirectoryProjection {

    static final String PROCESSING_GROUP = "enclave-directory";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate savepoint;

    EnclaveDirectoryProjection(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** A record the topic's reader refused: parked in the directory's dead letters, with the reason. */
    @EventHandler
    void on(UnreadableEvent event) {
        throw event.refusal();
    }

    /** Also a re-provisioning after a failure: as in the aggregate, the members start over. */
    @EventHandler
    void on(EnclaveProvisioningStarted event) {
        savepoint.executeWithoutResult(status -> {
            forget(event.enclaveId());
            add(event.enclaveId(), event.owner());
        });
    }

    @EventHandler
    void on(MemberRegistered event) {
        savepoint.executeWithoutResult(status -> add(event.enclaveId(), event.member()));
    }

    @EventHandler
    void on(MemberRemoved event) {
        savepoint.executeWithoutResult(status -> jdbc.update(
                "delete from enclave_directory where enclave = ? and user_id = ?",
                event.enclaveId().value(), event.member().value()));
    }

    /** The new owner was a member already, and the previous one stays a member. */
    @EventHandler
    void on(EnclaveOwnershipTransferred event) {
        savepoint.executeWithoutResult(status -> {
            add(event.enclaveId(), event.newOwner());
            add(event.enclaveId(), event.previousOwner());
        });
    }

    @EventHandler
    void on(EnclaveDeprovisioned event) {
        savepoint.executeWithoutResult(status -> forget(event.enclaveId()));
    }

    private void add(EnclaveId enclave, UserId user) {
        jdbc.update("insert into enclave_directory (enclave, user_id) values (?, ?) on conflict do nothing",
                enclave.value(), user.value());
    }

    private void forget(EnclaveId enclave) {
        jdbc.update("delete from enclave_directory where enclave = ?", enclave.value());
    }
}
