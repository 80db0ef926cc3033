package io.enclavesuite.command.infrastructure;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.command.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.lifecycle.DeprovisioningSaga;
import io.enclavesuite.command.lifecycle.ProvisioningSaga;
import io.enclavesuite.command.tentacle.TentacleSaga;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/**
 * Axon on PostgreSQL without Axon Server: JDBC event, token and saga stores (tables from Flyway), Jackson
 * serialization (application yml), a DbScheduler deadline manager (Axon's auto-configuration, given the
 * db-scheduler starter), and the metadata every message carries forward.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvisioningRetryPolicy.class)
public class AxonConfiguration {

    /** Axon's default saga schema uses AUTO_INCREMENT and blob, which PostgreSQL refuses. */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema();
    }

    /**
     * Tracking tokens in PostgreSQL, so a saga's state, its deadlines and its token commit in one transaction.
     * Declared explicitly: with its publisher in tracking mode, the Axon Kafka extension would otherwise register
     * a token store kept in a Kafka topic ahead of Axon's JDBC one.
     */
    /**
     * A handler that throws rolls its unit of work back and the processor retries the event with backoff.
     * Axon's default only logs and moves on, which would leave a saga behind the events for good.
     */
    @Bean
    ConfigurerModule failuresAreRetriedNotSkipped() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * The sagas act on the world: a processor that has no token yet starts at the head of the stream, so a new
     * token store never replays old provisionings, deploys or deprovisionings against the cluster. (Axon's default
     * is the tail.)
     */
    @Bean
    ConfigurerModule sagasStartAtTheHead() {
        return configurer -> {
            for (String sagaProcessor : List.of(ProvisioningSaga.PROCESSING_GROUP, TentacleSaga.PROCESSING_GROUP,
                    DeprovisioningSaga.PROCESSING_GROUP)) {
                configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                        sagaProcessor, configuration -> TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing()
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken));
            }
        };
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(TokenSchema.builder().build())
                .build();
    }

    /**
     * Who, where and how travel from a command to its events and on to the commands sagas send. The envelope's
     * commandId does not: it is the command message's own identifier, so it reaches every event that follows as
     * Axon's correlationId / traceId, and a saga's command never looks like a resend of the envelope.
     */
    @Bean
    CorrelationDataProvider enclaveCorrelationData() {
        return new SimpleCorrelationDataProvider(MetadataKeys.ACTOR, MetadataKeys.CHANNEL_ID, MetadataKeys.VIA);
    }

    /**
     * Axon's traceId and correlationId. Declared here because Axon's own default is conditional on there being no
     * other CorrelationDataProvider bean, and the one above would otherwise silently replace it.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** Busy enclaves accumulate events; without a snapshot and cache each command re-reads the whole stream. */
    @Bean
    SnapshotTriggerDefinition enclaveSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${enclave.snapshot-threshold:100}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    Cache enclaveCache() {
        return new WeakReferenceCache();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
