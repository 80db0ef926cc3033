package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Change the tentacle layer of permissions; only the tentacle's owner or the enclave owner may. */
public record SetTentacleMode(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle, Mode mode) {

    public SetTentacleMode {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(mode, "mode is required");
    }
}
