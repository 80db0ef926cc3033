package io.enclavesuite.coordination;

import io.enclavesuite.coordination.meeting.CoordinationLimits;
import io.enclavesuite.coordination.policy.AutonomyLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What coordination-service reads under {@code coordination.*} (docs/configuration.md). A property left out takes
 * its default here — nowhere else.
 *
 * @param snapshotThreshold     events between snapshots of a room or an agent policy
 * @param aggregateCache        rooms kept in memory between commands
 * @param roomKeyVacuumInterval how often {@code room_key} is vacuumed, so a destroyed key's old row version goes
 * @param limits                the bounds of a room ({@code coordination.limits.*})
 * @param autonomy              the bounds of the agent policies ({@code coordination.autonomy.*})
 * @param keyEncryption         the key-encryption keys that wrap room keys ({@code coordination.key-encryption.*})
 */
@ConfigurationProperties("coordination")
public record CoordinationProperties(Integer snapshotThreshold, AggregateCache aggregateCache,
                                     Duration roomKeyVacuumInterval, CoordinationLimits limits,
                                     KeyEncryption keyEncryption, AutonomyLimits autonomy) {

    public CoordinationProperties {
        snapshotThreshold = snapshotThreshold == null ? 100 : snapshotThreshold;
        aggregateCache = aggregateCache == null ? new AggregateCache(null) : aggregateCache;
        roomKeyVacuumInterval = roomKeyVacuumInterval == null ? Duration.ofMinutes(5) : roomKeyVacuumInterval;
        limits = limits == null ? CoordinationLimits.DEFAULTS : limits;
        keyEncryption = keyEncryption == null ? new KeyEncryption(null, null, null) : keyEncryption;
        autonomy = autonomy == null ? AutonomyLimits.DEFAULTS : autonomy;
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

    /**
     * @param keyFile          the current KEK's file, made on first start when missing (a deployment mounts a Secret)
     * @param previousKeyFiles earlier KEKs, kept only to unwrap until the rotation has re-wrapped their room keys
     * @param rewrapInterval   how often room keys still wrapped by a previous KEK (or legacy keys in clear) are
     *                         re-wrapped with the current one; it also runs at every start
     */
    public record KeyEncryption(Path keyFile, List<Path> previousKeyFiles, Duration rewrapInterval) {

        public KeyEncryption {
            keyFile = keyFile == null ? Path.of("./.enclave-data/coordination/key-encryption-key") : keyFile;
            previousKeyFiles = previousKeyFiles == null ? List.of() : List.copyOf(previousKeyFiles);
            rewrapInterval = rewrapInterval == null ? Duration.ofMinutes(5) : rewrapInterval;
            if (rewrapInterval.isNegative() || rewrapInterval.isZero()) {
                throw new IllegalArgumentException("coordination.key-encryption.rewrap-interval must be positive, not "
                        + rewrapInterval);
            }
        }
    }
}
