package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the tentacle saga when Kubernetes kept refusing a tentacle's workload through every retry. */
public record FailTentacleWorkload(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle,
                                   String reason) {

    public FailTentacleWorkload {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
