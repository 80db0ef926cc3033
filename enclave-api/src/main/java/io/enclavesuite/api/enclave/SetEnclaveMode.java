package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Change the enclave layer of permissions; only the owner may. */
public record SetEnclaveMode(@TargetAggregateIdentifier EnclaveId enclaveId, Mode mode) {

    public SetEnclaveMode {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(mode, "mode is required");
    }
}
