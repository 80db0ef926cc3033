package io.enclavesuite.query.enclave;

import java.time.Instant;

/**
 * A row of the {@code tentacle} table, its enclave aside. Dependencies are labels, sorted, comma-separated ('' for
 * none); a null schedule means the tentacle runs on request only.
 */
public record TentacleRow(String image, String schedule, String mode, String owner, String dependencies, int runs,
                          Instant lastRunAt, Instant deployedAt, Instant updatedAt, String workloadFailure,
                          Instant workloadFailedAt) {

    /** Deployed (again): a new specification, no runs, no failure. */
    public static TentacleRow deployed(String image, String schedule, String mode, String owner, String dependencies,
                                       Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, 0, null, at, at, null, null);
    }

    /** A new specification replaces image, schedule and dependencies, and clears the last workload failure. */
    public TentacleRow updated(String image, String schedule, String dependencies, Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, runs, lastRunAt, deployedAt, at, null, null);
    }

    /** The run count is set from the event, which numbers its run, rather than incremented. */
    public TentacleRow ran(int run, Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, run, at, deployedAt, updatedAt,
                workloadFailure, workloadFailedAt);
    }

    public TentacleRow withMode(String mode, Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, runs, lastRunAt, deployedAt, at,
                workloadFailure, workloadFailedAt);
    }

    public TentacleRow withOwner(String owner, Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, runs, lastRunAt, deployedAt, at,
                workloadFailure, workloadFailedAt);
    }

    public TentacleRow failed(String reason, Instant at) {
        return new TentacleRow(image, schedule, mode, owner, dependencies, runs, lastRunAt, deployedAt, updatedAt,
                reason, at);
    }
}
