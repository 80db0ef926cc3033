package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Give a tentacle to another member (or the enclave owner); only its owner or the enclave owner may. */
public record ChownTentacle(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle, UserId newOwner) {

    public ChownTentacle {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(newOwner, "newOwner is required");
    }
}
