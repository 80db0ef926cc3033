package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Deploy and update are refused and every cron tentacle is suspended until the enclave is unfrozen. An enclave
 * already frozen for another reason records this too: each reason stands until its own cause lifts it.
 */
@Revision("1")
public record EnclaveFrozen(EnclaveId enclaveId, FreezeReason reason, Instant at) {
}
