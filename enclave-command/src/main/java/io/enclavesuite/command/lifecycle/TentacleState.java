package io.enclavesuite.command.lifecycle;

import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.List;

/** What the Enclave aggregate keeps per tentacle: enough to check access, merge updates and number runs. */
record TentacleState(TentacleName name, UserId owner, Mode mode, ContainerImage image, CronSchedule schedule,
                     List<Dependency> dependencies, int runs) {

    TentacleAccess access() {
        return new TentacleAccess(name, owner, mode);
    }

    TentacleState withSpec(ContainerImage image, CronSchedule schedule, List<Dependency> dependencies) {
        return new TentacleState(name, owner, mode, image, schedule, dependencies, runs);
    }

    TentacleState withOwner(UserId owner) {
        return new TentacleState(name, owner, mode, image, schedule, dependencies, runs);
    }

    TentacleState withMode(Mode mode) {
        return new TentacleState(name, owner, mode, image, schedule, dependencies, runs);
    }

    TentacleState withRuns(int runs) {
        return new TentacleState(name, owner, mode, image, schedule, dependencies, runs);
    }
}
