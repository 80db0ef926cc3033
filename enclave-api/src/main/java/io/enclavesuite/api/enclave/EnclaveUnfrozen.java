package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The enclave is active again; cron tentacles resume. Recorded when the last standing freeze is lifted ({@code reason});
 * one lifted while another stands is {@link FreezeReasonLifted}. Before freezes were kept apart, this ended every
 * freeze, whatever its reason: an enclave's history reads it so still.
 */
@Revision("1")
public record EnclaveUnfrozen(EnclaveId enclaveId, FreezeReason reason, Instant at) {
}
