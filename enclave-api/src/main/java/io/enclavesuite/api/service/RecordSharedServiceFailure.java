package io.enclavesuite.api.service;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the sagas when a shared service could not be set up through every retry. */
public record RecordSharedServiceFailure(@TargetAggregateIdentifier EnclaveId enclaveId, Dependency service,
                                         String reason) {

    public RecordSharedServiceFailure {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(service, "service is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
