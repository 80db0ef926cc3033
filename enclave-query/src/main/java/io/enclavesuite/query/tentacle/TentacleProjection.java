package io.enclavesuite.query.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.query.enclave.EnclaveChanges;
import io.enclavesuite.query.enclave.EnclaveChanges.Reads;
import io.enclavesuite.query.enclave.EnclaveImage;
import io.enclavesuite.query.enclave.TentacleRow;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Projects tentacle events into the {@code tentacle} table, through {@link EnclaveChanges}. Tentacle events belong to
 * their enclave's stream, so each one first claims its sequence on the enclave ({@link EnclaveImage#claim}) and
 * changes the tentacle only when that claim succeeds: a redelivered or replayed event — say a stale
 * {@code TentacleDeployed} after the removal — changes nothing. A removed tentacle's row is deleted; the guard, not a
 * tombstone, keeps it from coming back.
 */
@Component
@ProcessingGroup(EnclaveChanges.PROCESSING_GROUP)
class TentacleProjection {

    private final JdbcTemplate jdbc;
    private final EnclaveChanges changes;

    TentacleProjection(JdbcTemplate jdbc, EnclaveChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** Replaces a tentacle of the same name, so one removed and deployed again starts over with no runs. */
    @EventHandler
    void on(TentacleDeployed event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.TENTACLES, enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.tentacles().put(event.tentacle().value(), TentacleRow.deployed(event.image().reference(),
                        schedule(event.schedule()), event.mode().bits(), event.owner().value(),
                        dependencies(event.dependencies()), event.at()));
            }
        });
    }

    /** The event carries the whole specification after the update, so it replaces image, schedule and dependencies. */
    @EventHandler
    void on(TentacleUpdated event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), event.tentacle().value(), tentacle -> tentacle.updated(
                event.image().reference(), schedule(event.schedule()), dependencies(event.dependencies()),
                event.at()));
    }

    @EventHandler
    void on(TentacleRemoved event, @SequenceNumber long sequence) {
        changes.change(event.enclaveId(), Reads.TENTACLES, enclave -> {
            if (enclave.claim(sequence, event.at())) {
                enclave.tentacles().remove(event.tentacle().value());
            }
        });
    }

    /** The event numbers the run, so the count is set from it rather than incremented. */
    @EventHandler
    void on(TentacleRunRequested event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), event.tentacle().value(),
                tentacle -> tentacle.ran(event.run(), event.at()));
    }

    @EventHandler
    void on(TentacleModeChanged event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), event.tentacle().value(),
                tentacle -> tentacle.withMode(event.mode().bits(), event.at()));
    }

    @EventHandler
    void on(TentacleOwnershipTransferred event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), event.tentacle().value(),
                tentacle -> tentacle.withOwner(event.newOwner().value(), event.at()));
    }

    /** Shown until the next deploy or update, which the tentacle saga applies afresh. */
    @EventHandler
    void on(TentacleWorkloadFailed event, @SequenceNumber long sequence) {
        ifNewer(event.enclaveId(), sequence, event.at(), event.tentacle().value(),
                tentacle -> tentacle.failed(event.reason(), event.at()));
    }

    /**
     * A replay from the start rebuilds the tentacles from nothing. The enclave projection's reset, in the same
     * processor, empties this table too (members and tentacles go with their enclaves); run after it, this one
     * finds it empty.
     */
    @ResetHandler
    void reset() {
        jdbc.update("truncate tentacle");
    }

    /**
     * A change to a deployed tentacle. The event claims its sequence even when the tentacle is gone: it is the
     * enclave's next event all the same.
     */
    private void ifNewer(EnclaveId enclave, long sequence, Instant at, String name, UnaryOperator<TentacleRow> change) {
        changes.change(enclave, Reads.TENTACLES, image -> {
            if (image.claim(sequence, at)) {
                image.tentacles().computeIfPresent(name, (key, tentacle) -> change.apply(tentacle));
            }
        });
    }

    private static String schedule(CronSchedule schedule) {
        return schedule == null ? null : schedule.expression();
    }

    private static String dependencies(List<Dependency> dependencies) {
        return dependencies == null ? "" : dependencies.stream().map(Dependency::label).sorted()
                .collect(Collectors.joining(","));
    }
}
