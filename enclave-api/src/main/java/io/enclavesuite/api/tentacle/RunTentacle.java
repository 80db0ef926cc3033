package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Run a scheduled tentacle now, outside its schedule: a Job made from its CronJob. */
public record RunTentacle(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle) {

    public RunTentacle {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
    }
}
