package io.enclavesuite.command.lifecycle;

import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A team enclave's write model. It holds only what its decisions need: the lifecycle state.
 * Time comes from an injected {@link Clock}, never from the system clock, so fixtures pin it.
 */
@Aggregate(snapshotTriggerDefinition = "enclaveSnapshotTrigger", cache = "enclaveCache")
public class Enclave {

    @AggregateIdentifier
    private EnclaveId id;
    private EnclaveStatus status;

    protected Enclave() {
        // for Axon: state is rebuilt from events
    }

    /** Creates the enclave, or starts it again after a provisioning that gave up. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ProvisionEnclave command, Clock clock) {
        if (status != null && status != EnclaveStatus.FAILED) {
            throw new EnclaveAlreadyExists(command.enclaveId(), status);
        }
        apply(new EnclaveProvisioningStarted(command.enclaveId(), command.channel(), command.owner(),
                command.quota(), command.defaultMode(), command.enclaveId().namespace(), clock.instant()));
    }

    /** Idempotent for the saga: completing an enclave that is already active changes nothing. */
    @CommandHandler
    void handle(CompleteProvisioning command, Clock clock) {
        if (status == EnclaveStatus.ACTIVE) {
            return;
        }
        if (status != EnclaveStatus.PROVISIONING) {
            throw new EnclaveNotProvisioning(id, status);
        }
        apply(new EnclaveActivated(id, command.namespace(), clock.instant()));
    }

    @CommandHandler
    void handle(FailProvisioning command, Clock clock) {
        if (status != EnclaveStatus.PROVISIONING) {
            throw new EnclaveNotProvisioning(id, status);
        }
        apply(new EnclaveProvisioningFailed(id, command.reason(), clock.instant()));
    }

    @EventSourcingHandler
    void on(EnclaveProvisioningStarted event) {
        id = event.enclaveId();
        status = EnclaveStatus.PROVISIONING;
    }

    @EventSourcingHandler
    void on(EnclaveActivated event) {
        status = EnclaveStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(EnclaveProvisioningFailed event) {
        status = EnclaveStatus.FAILED;
    }
}
