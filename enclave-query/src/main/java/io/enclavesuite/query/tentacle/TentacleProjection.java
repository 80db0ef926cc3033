package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.query.enclave.EnclaveSequenceGuard;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Projects tentacle events into the {@code tentacle} table. Tentacle events belong to their enclave's stream, so each
 * one first claims its sequence on the enclave row ({@link EnclaveSequenceGuard}) and writes only when that claim
 * succeeds: a redelivered or replayed event — say a stale {@code TentacleDeployed} after the removal — changes
 * nothing. A removed tentacle's row is deleted; the guard, not a tombstone, keeps it from coming back.
 */
@Component
@ProcessingGroup(EnclaveSequenceGuard.PROCESSING_GROUP)
class TentacleProjection {

    private final JdbcTemplate jdbc;
    private final EnclaveSequenceGuard guard;

    TentacleProjection(JdbcTemplate jdbc, EnclaveSequenceGuard guard) {
        this.jdbc = jdbc;
        this.guard = guard;
    }

    /** An upsert, so a name removed and deployed again starts over with the new specification and no runs. */
    @EventHandler
    void on(TentacleDeployed event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(), """
                            insert into tentacle (enclave, name, image, schedule, mode, owner, dependencies, runs,
                                                  last_run_at, deployed_at, updated_at)
                            select ?, ?, ?, ?, ?, ?, ?, 0, null::timestamptz, ?::timestamptz, ?::timestamptz
                            where exists (select from claimed)
                            on conflict (enclave, name) do update set
                                image = excluded.image, schedule = excluded.schedule, mode = excluded.mode,
                                owner = excluded.owner, dependencies = excluded.dependencies, runs = 0,
                                last_run_at = null, deployed_at = excluded.deployed_at,
                                updated_at = excluded.updated_at, workload_failure = null, workload_failed_at = null""",
                    event.enclaveId().value(), event.tentacle().value(), event.image().reference(),
                    schedule(event.schedule()), event.mode().bits(), event.owner().value(),
                    dependencies(event.dependencies()), Timestamp.from(event.at()), Timestamp.from(event.at()));
    }

    /** The event carries the whole specification after the update, so it replaces image, schedule and dependencies. */
    @EventHandler
    void on(TentacleUpdated event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(), """
                            update tentacle set image = ?, schedule = ?, dependencies = ?, updated_at = ?,
                                                workload_failure = null, workload_failed_at = null
                            where enclave = ? and name = ? and exists (select from claimed)""",
                    event.image().reference(), schedule(event.schedule()), dependencies(event.dependencies()),
                    Timestamp.from(event.at()), event.enclaveId().value(), event.tentacle().value());
    }

    @EventHandler
    void on(TentacleRemoved event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "delete from tentacle where enclave = ? and name = ?"
                        + " and exists (select from claimed)",
                event.enclaveId().value(), event.tentacle().value());
    }

    /** The event numbers the run, so the count is set from it rather than incremented. */
    @EventHandler
    void on(TentacleRunRequested event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "update tentacle set runs = ?, last_run_at = ? where enclave = ? and name = ?"
                        + " and exists (select from claimed)",
                event.run(), Timestamp.from(event.at()), event.enclaveId().value(), event.tentacle().value());
    }

    @EventHandler
    void on(TentacleModeChanged event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "update tentacle set mode = ?, updated_at = ? where enclave = ? and name = ?"
                        + " and exists (select from claimed)",
                event.mode().bits(), Timestamp.from(event.at()), event.enclaveId().value(),
                event.tentacle().value());
    }

    @EventHandler
    void on(TentacleOwnershipTransferred event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "update tentacle set owner = ?, updated_at = ? where enclave = ? and name = ?"
                        + " and exists (select from claimed)",
                event.newOwner().value(), Timestamp.from(event.at()), event.enclaveId().value(),
                event.tentacle().value());
    }

    /** Shown until the next deploy or update, which the tentacle saga applies afresh. */
    @EventHandler
    void on(TentacleWorkloadFailed event, @SequenceNumber long sequence) {
        guard.claimAnd(event.enclaveId(), sequence, event.at(),
                "update tentacle set workload_failure = ?, workload_failed_at = ? where enclave = ? and name = ?"
                        + " and exists (select from claimed)",
                event.reason(), Timestamp.from(event.at()), event.enclaveId().value(), event.tentacle().value());
    }

    /** The enclave projection's reset takes these rows too (cascade); this one keeps the order of resets irrelevant. */
    @ResetHandler
    void reset() {
        jdbc.update("delete from tentacle");
    }

    private static String schedule(CronSchedule schedule) {
        return schedule == null ? null : schedule.expression();
    }

    private static String dependencies(List<Dependency> dependencies) {
        return dependencies == null ? "" : dependencies.stream().map(Dependency::label).sorted()
                .collect(Collectors.joining(","));
    }
}
