package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Irreversible from here: every command but the saga's completion is refused. */
@Revision("1")
public record EnclaveDeprovisioningStarted(EnclaveId enclaveId, UserId confirmedBy, String namespace, Instant at) {
}
