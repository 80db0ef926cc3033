package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import org.axonframework.serialization.Revision;

import java.time.Instant;


@Revision("1")
public record TentacleModeChanged(EnclaveId enclaveId, TentacleName tentacle, Mode previousMode, Mode mode, Instant at) {
}
