package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** {@code dependencies} is sorted and without repeats, so the event's bytes do not depend on how the sender listed them. */
@Revision("1")
public record TentacleDeployed(EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule, Mode mode, UserId owner, List<Dependency> dependencies, Instant at) {
}
