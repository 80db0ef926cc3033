package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record EnclaveProvisioningStarted(EnclaveId enclaveId, ChannelRef channel, UserId owner, QuotaPreset quota,
                                         Mode defaultMode, String namespace, Instant at) {
}
