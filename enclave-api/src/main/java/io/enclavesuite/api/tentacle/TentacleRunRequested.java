package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** {@code run} counts the tentacle's manual runs from 1 and names the Job ({@code <tentacle>-run-<run>}). */
@Revision("1")
public record TentacleRunRequested(EnclaveId enclaveId, TentacleName tentacle, int run, Instant at) {
}
