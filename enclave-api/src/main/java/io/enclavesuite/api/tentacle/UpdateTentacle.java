package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** Change a tentacle's image, schedule or dependencies; what is left out stays as it is. A schedule can change but not be removed: a scheduled tentacle that should run continuously is removed and deployed again. */
public record UpdateTentacle(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule, List<Dependency> dependencies) {

    public UpdateTentacle {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        if (image == null && schedule == null && dependencies == null) {
            throw new IllegalArgumentException("an update names at least one of image, schedule, dependencies");
        }
        dependencies = dependencies == null ? null : List.copyOf(new TreeSet<>(dependencies));
    }
}
