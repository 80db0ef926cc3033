package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * {@code dependencies} is sorted and without repeats, so the event's bytes do not depend on how the sender listed them.
 *
 * @param dataGeneration which schema, database role and storage prefix this deployment uses: 0 for those named after
 *                       the tentacle alone, another number for a set of its own ({@code <tentacle>_<generation>});
 *                       the one a removed tentacle left when its keeper deploys the name again. Null in events stored
 *                       before it was recorded (generation 0).
 * @param deployment     the enclave's count of tentacle deployments at this one; the credentials of the deployment
 *                       are derived from it, so no two deployments share a password or a storage key. Null in
 *                       events stored before it was recorded (credentials derived from the names alone).
 */
@Revision("1")
public record TentacleDeployed(EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule,
                               Mode mode, UserId owner, List<Dependency> dependencies, Instant at,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer dataGeneration,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer deployment) {

    /** As recorded before the data generation and the deployment were. */
    public TentacleDeployed(EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule,
                            Mode mode, UserId owner, List<Dependency> dependencies, Instant at) {
        this(enclaveId, tentacle, image, schedule, mode, owner, dependencies, at, null, null);
    }
}
