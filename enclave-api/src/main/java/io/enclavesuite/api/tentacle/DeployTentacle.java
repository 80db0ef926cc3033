package io.enclavesuite.api.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** Deploy a workload into the enclave: a Deployment, or a CronJob when it has a schedule. The deployer owns it; its mode defaults to the enclave's default mode. */
public record DeployTentacle(@TargetAggregateIdentifier EnclaveId enclaveId, TentacleName tentacle, ContainerImage image, CronSchedule schedule, Mode mode, List<Dependency> dependencies) {

    public DeployTentacle {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(tentacle, "tentacle is required");
        Objects.requireNonNull(image, "image is required");
        dependencies = dependencies == null ? List.of() : List.copyOf(new TreeSet<>(dependencies));
    }
}
