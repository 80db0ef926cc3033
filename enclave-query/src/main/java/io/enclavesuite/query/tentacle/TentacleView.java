package io.enclavesuite.query.tentacle;

import java.time.Instant;
import java.util.List;

/**
 * A tentacle as the HTTP API shows it. {@code schedule} is absent for a tentacle that runs continuously;
 * {@code runs} counts its manual runs.
 */
public record TentacleView(String enclave, String name, String image, String schedule, String mode, String owner,
                           List<String> dependencies, int runs, Instant lastRunAt, Instant deployedAt,
                           Instant updatedAt) {

    public TentacleView {
        dependencies = List.copyOf(dependencies);
    }
}
