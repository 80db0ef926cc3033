package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;


@Revision("1")
public record TentacleRemoved(EnclaveId enclaveId, TentacleName tentacle, Instant at) {
}
