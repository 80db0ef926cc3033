package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record EnclaveActivated(EnclaveId enclaveId, String namespace, Instant at) {
}
