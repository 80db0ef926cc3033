package io.enclavesuite.query.tentacle;

import java.time.Instant;
import java.util.List;

/**
 * A tentacle as the HTTP API shows it. {@code schedule} is absent for a tentacle that runs continuously;
 * {@code runs} counts its manual runs; {@code workloadFailure} is why Kubernetes last refused its workload after every
 * retry, until the next deploy or update.
 */
public record TentacleView(String enclave, String name, String image, String schedule, String mode, String owner,
                           List<String> dependencies, int runs, Instant lastRunAt, Instant deployedAt,
                           Instant updatedAt, String workloadFailure, Instant workloadFailedAt) {

    public TentacleView {
        dependencies = List.copyOf(dependencies);
    }
}
