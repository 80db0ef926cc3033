package io.enclavesuite.api.enclave;

import org.axonframework.serialization.Revision;

import java.time.Instant;

@Revision("1")
public record EnclaveModeChanged(EnclaveId enclaveId, Mode previousMode, Mode mode, Instant at) {
}
