package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The enclave is active again; cron tentacles resume. */
@Revision("1")
public record EnclaveUnfrozen(EnclaveId enclaveId, FreezeReason reason, Instant at) {
}
