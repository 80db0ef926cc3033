package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * {@code grantee} no longer has access to {@code tentacle}'s schema: revoked by the owner, or because one of the two
 * was removed or stopped declaring {@code postgres}.
 */
@Revision("1")
public record SchemaAccessRevoked(EnclaveId enclaveId, TentacleName tentacle, TentacleName grantee, Instant at) {
}
