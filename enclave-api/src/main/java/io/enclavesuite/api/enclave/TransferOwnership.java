package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The owner hands the enclave to a current member; the previous owner stays on as a member. */
public record TransferOwnership(@TargetAggregateIdentifier EnclaveId enclaveId, UserId newOwner) {

    public TransferOwnership {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(newOwner, "newOwner is required");
    }
}
