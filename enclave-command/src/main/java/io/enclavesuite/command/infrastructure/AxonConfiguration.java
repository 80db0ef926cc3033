package io.enclavesuite.command.infrastructure;

import io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga;
import io.enclavesuite.command.enclave.services.ObjectStorageSaga;
import io.enclavesuite.command.enclave.tentacle.SchemaRetentionSaga;
import io.enclavesuite.command.enclave.tentacle.TentacleSaga;
import io.enclavesuite.write.axon.AggregateCache;
import io.enclavesuite.write.axon.AxonStoresConfiguration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The team-enclave side of Axon; the stores themselves are shared with the other write service. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProvisioningRetryPolicy.class, EnclaveAggregateProperties.class})
public class AxonConfiguration {

    /**
     * These sagas drive Kubernetes: a new token store must never replay old provisionings against the cluster. They run
     * in {@code enclave.replicas.saga-segments} segments, shared by the replicas.
     */
    @Bean
    AxonStoresConfiguration.SagaProcessors sagaProcessors() {
        return new AxonStoresConfiguration.SagaProcessors(List.of(ProvisioningSaga.PROCESSING_GROUP,
                TentacleSaga.PROCESSING_GROUP, DeprovisioningSaga.PROCESSING_GROUP, SchemaRetentionSaga.PROCESSING_GROUP,
                ObjectStorageSaga.PROCESSING_GROUP));
    }

    /** Busy enclaves accumulate events; without a snapshot and cache each command re-reads the whole stream. */
    @Bean
    SnapshotTriggerDefinition enclaveSnapshotTrigger(Snapshotter snapshotter, EnclaveAggregateProperties aggregate) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, aggregate.snapshotThreshold());
    }

    /**
     * The most recently used aggregates, by reference, each checked against the store before use: see
     * {@link AggregateCache} for why not a weak cache, and why checked.
     */
    @Bean
    AggregateCache enclaveCacheStore(EnclaveAggregateProperties aggregate, ObjectProvider<EventStore> events) {
        return new AggregateCache("enclaves", aggregate.aggregateCache().entries(),
                id -> events.getObject().lastSequenceNumberFor(id));
    }

    @Bean
    Cache enclaveCache(AggregateCache store) {
        return store.axonCache();
    }
}
