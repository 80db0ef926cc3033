package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Ask to deprovision: the owner gets a confirmation code, valid for a few minutes, to send with ConfirmDeprovision. */
public record RequestDeprovision(@TargetAggregateIdentifier EnclaveId enclaveId) {

    public RequestDeprovision {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
    }
}
