package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Take back what {@link GrantSchemaAccess} gave {@code grantee} in {@code tentacle}'s schema. */
public record RevokeSchemaAccess(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle,
                                 TentacleName grantee) {

    public RevokeSchemaAccess {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(grantee, "grantee is required");
    }
}
