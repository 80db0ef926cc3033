package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Remove a tentacle and its workload. */
public record RemoveTentacle(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle) {

    public RemoveTentacle {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
    }
}
