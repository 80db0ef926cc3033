package io.enclavesuite.query.replay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a rebuild of the read models behaves ({@code enclave.read-side.replay.*}).
 *
 * @param lockTimeout how long a rebuild's {@code TRUNCATE} of its tables may wait for the transactions reading them
 *                    (new readers wait behind it); a reader holding them longer refuses the rebuild (409) instead of
 *                    stalling the API
 */
@ConfigurationProperties("enclave.read-side.replay")
public record ReplaySettings(@DefaultValue("5s") Duration lockTimeout) {

    public ReplaySettings {
        if (lockTimeout == null || lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("enclave.read-side.replay.lock-timeout must be positive, not "
                    + lockTimeout);
        }
    }
}
