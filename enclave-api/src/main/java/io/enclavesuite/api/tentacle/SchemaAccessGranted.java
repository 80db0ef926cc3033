package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code grantee} may now read (or write) the tables in {@code tentacle}'s schema; replaces an earlier grant. */
@Revision("1")
public record SchemaAccessGranted(EnclaveId enclaveId, TentacleName tentacle, TentacleName grantee,
                                  SchemaAccess access, Instant at) {
}
