package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Deploy and update are refused and every cron tentacle is suspended until the enclave is unfrozen. */
@Revision("1")
public record EnclaveFrozen(EnclaveId enclaveId, FreezeReason reason, Instant at) {
}
