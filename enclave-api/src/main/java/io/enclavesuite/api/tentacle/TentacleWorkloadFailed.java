package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The tentacle is recorded but its workload is not what it should be; the next change to it tries again. */
@Revision("1")
public record TentacleWorkloadFailed(EnclaveId enclaveId, TentacleName tentacle, String reason, Instant at) {
}
