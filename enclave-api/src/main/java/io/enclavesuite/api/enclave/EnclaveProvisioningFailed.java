package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record EnclaveProvisioningFailed(EnclaveId enclaveId, String reason, Instant at) {
}
