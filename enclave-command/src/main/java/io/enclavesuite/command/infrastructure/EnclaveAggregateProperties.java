package io.enclavesuite.command.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Enclave aggregate is kept fast: a snapshot every {@code enclave.snapshot-threshold} events, and the most
 * recently used enclaves in memory ({@code enclave.aggregate-cache.entries}).
 */
@ConfigurationProperties("enclave")
public record EnclaveAggregateProperties(@DefaultValue("100") int snapshotThreshold,
                                         @DefaultValue AggregateCache aggregateCache) {

    public EnclaveAggregateProperties {
        if (snapshotThreshold < 1) {
            throw new IllegalArgumentException("enclave.snapshot-threshold must be at least 1, not " + snapshotThreshold);
        }
    }

    public record AggregateCache(@DefaultValue("10000") long entries) {

        public AggregateCache {
            if (entries < 1) {
                throw new IllegalArgumentException("enclave.aggregate-cache.entries must be at least 1, not " + entries);
            }
        }
    }
}
