package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The code itself never enters the event stream: only its salted SHA-256, to check the confirmation against. */
@Revision("1")
public record DeprovisionRequested(EnclaveId enclaveId, UserId requestedBy, String codeHash, Instant expiresAt, Instant at) {
}
