package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Confirm a deprovision request with the code it answered; starts the irreversible deprovisioning. */
public record ConfirmDeprovision(@TargetAggregateIdentifier EnclaveId enclaveId, String confirmationCode) {

    public ConfirmDeprovision {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(confirmationCode, "confirmationCode is required");
    }
}
