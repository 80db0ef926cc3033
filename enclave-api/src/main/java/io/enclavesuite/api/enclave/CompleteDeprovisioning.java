package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;

/** Sent by the deprovisioning saga once the namespace is gone. */
public record CompleteDeprovisioning(@TargetAggregateIdentifier EnclaveId enclaveId, List<String> removed) {

    public CompleteDeprovisioning {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(removed, "removed is required");
        removed = List.copyOf(removed);
    }
}
