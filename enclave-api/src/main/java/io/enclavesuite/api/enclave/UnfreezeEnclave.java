package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Lift a freeze: the channel was unarchived, or the owner lifts their own freeze. */
public record UnfreezeEnclave(@TargetAggregateIdentifier EnclaveId enclaveId, FreezeReason reason) {

    public UnfreezeEnclave {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
