package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The code itself never enters the event stream: only its hash, to check the confirmation against — an HMAC under the
 * suite's credential key ({@code hmac-sha256:…}), or the plain salted SHA-256 events stored before that.
 */
@Revision("1")
public record DeprovisionRequested(EnclaveId enclaveId, UserId requestedBy, String codeHash, Instant expiresAt, Instant at) {
}
