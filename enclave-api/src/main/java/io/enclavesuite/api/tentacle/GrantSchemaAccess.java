package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Let {@code grantee}, another tentacle of the same enclave, read (or write) the tables in {@code tentacle}'s
 * schema. Both must declare {@code postgres}; only the tentacle's owner or the enclave owner may share it.
 */
public record GrantSchemaAccess(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle,
                                TentacleName grantee, SchemaAccess access) {

    public GrantSchemaAccess {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(grantee, "grantee is required");
        Objects.requireNonNull(access, "access is required: read or write");
        if (tentacle.equals(grantee)) {
            throw new IllegalArgumentException("a tentacle always has its own schema: grantee must be another tentacle");
        }
    }
}
