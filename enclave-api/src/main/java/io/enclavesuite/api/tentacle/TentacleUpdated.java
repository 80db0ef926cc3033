package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** Carries the whole specification after the update, so no reader has to merge. */
@Revision("1")
public record TentacleUpdated(EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule, List<Dependency> dependencies, Instant at) {
}
