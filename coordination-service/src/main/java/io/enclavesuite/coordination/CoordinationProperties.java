package io.enclavesuite.coordination;

import io.enclavesuite.coordination.meeting.CoordinationLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What coordination-service reads under {@code coordination.*} (docs/configuration.md). A property left out takes
 * its default here — nowhere else.
 *
 * @param snapshotThreshold     events between room snapshots
 * @param aggregateCache        rooms kept in memory between commands
 * @param roomKeyVacuumInterval how often {@code room_key} is vacuumed, so a destroyed key's old row version goes
 * @param limits                the bounds of a room ({@code coordination.limits.*})
 */
@ConfigurationProperties("coordination")
public record CoordinationProperties(Integer snapshotThreshold, AggregateCache aggregateCache,
                                     Duration roomKeyVacuumInterval, CoordinationLimits limits) {

    public CoordinationProperties {
        snapshotThreshold = snapshotThreshold == null ? 100 : snapshotThreshold;
        aggregateCache = aggregateCache == null ? new AggregateCache(null) : aggregateCache;
        roomKeyVacuumInterval = roomKeyVacuumInterval == null ? Duration.ofMinutes(5) : roomKeyVacuumInterval;
        limits = limits == null ? CoordinationLimits.DEFAULTS : limits;
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("coordination.snapshot-threshold must be at least 1, not "
                    + snapshotThreshold);
        }
        if (roomKeyVacuumInterval.isNegative() || roomKeyVacuumInterval.isZero()) {
            throw new IllegalArgumentException("coordination.room-key-vacuum-interval must be positive, not "
                    + roomKeyVacuumInterval);
        }
    }

    /** @param entries rooms kept, the most recently used ({@code coordination.aggregate-cache.entries}) */
    public record AggregateCache(Long entries) {

        public AggregateCache {
            entries = entries == null ? 10_000L : entries;
            if (entries < 1) {
                throw new IllegalArgumentException("coordination.aggregate-cache.entries must be at least 1, not "
                        + entries);
            }
        }
    }
}
