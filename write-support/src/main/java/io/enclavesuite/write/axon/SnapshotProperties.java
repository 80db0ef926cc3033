package io.enclavesuite.write.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Aggregate snapshots ({@code enclave.snapshots.*}).
 *
 * @param perSecond at most this many snapshots a second, taken on their own thread ({@link SnapshotThread})
 */
@ConfigurationProperties("enclave.snapshots")
public record SnapshotProperties(@DefaultValue("20") double perSecond) {

    public SnapshotProperties {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("enclave.snapshots.per-second must be positive, not " + perSecond);
        }
    }
}
