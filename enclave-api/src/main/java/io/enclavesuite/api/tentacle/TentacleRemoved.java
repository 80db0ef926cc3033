package io.enclavesuite.api.tentacle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * @param dataGeneration the generation of the schema, role and storage prefix the tentacle leaves behind for the
 *                       grace period (see {@link TentacleDeployed#dataGeneration()}); null in events stored before it
 *                       was recorded (generation 0)
 * @param keeper         who may take that data back by deploying the name again during the grace period (besides the
 *                       enclave owner): the tentacle's owner when it was removed; null in events stored before it was
 *                       recorded
 */
@Revision("1")
public record TentacleRemoved(EnclaveId enclaveId, TentacleName tentacle, Instant at,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Integer dataGeneration,
                              @JsonInclude(JsonInclude.Include.NON_NULL) UserId keeper) {

    /** As recorded before the data generation and the keeper were. */
    public TentacleRemoved(EnclaveId enclaveId, TentacleName tentacle, Instant at) {
        this(enclaveId, tentacle, at, null, null);
    }
}
