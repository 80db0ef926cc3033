package io.enclavesuite.api.service;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the sagas when one of the enclave's shared services is in place (the bucket made, the stream created). */
public record RecordSharedServiceReady(@TargetAggregateIdentifier EnclaveId enclaveId, Dependency service,
                                       String detail) {

    public RecordSharedServiceReady {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(service, "service is required");
        Objects.requireNonNull(detail, "detail is required");
    }
}
