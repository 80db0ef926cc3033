package io.enclavesuite.command.database;

import java.time.Duration;
import java.util.Objects;

/** How long a removed tentacle's schema is kept before it is dropped ({@code enclave.database.schema-grace-period}). */
public record SchemaRetention(Duration gracePeriod) {

    public SchemaRetention {
        Objects.requireNonNull(gracePeriod, "gracePeriod is required");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("the schema grace period must not be negative");
        }
    }
}
