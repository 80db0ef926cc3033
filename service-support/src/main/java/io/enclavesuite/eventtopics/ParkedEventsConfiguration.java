package io.enclavesuite.eventtopics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.util.Map;

/**
 * Parked events for the processing groups a service names ({@link ParkedEventGroups}): a handler that throws, or an
 * {@link UnreadableEvent} a {@link TrustedEventConverter} made of a refused record, parks the event in the group's
 * dead-letter queue in PostgreSQL (table {@code deadletterentry}, from the service's Flyway migrations), in its
 * aggregate's sequence, and the processor goes on. Axon's sequenced queue parks every later event of that aggregate
 * too, so an aggregate's events are never applied out of order; the other aggregates and the other groups go on.
 * <p>
 * A rebuild (a reset of the group's processor) empties the group's queue: it reads every record again, and meets each
 * poison record again. Operators see the counts as a metric ({@value #METRIC}) and a health detail that never takes
 * the service out of readiness — parked events degrade a read model, they do not stop the service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ParkedEventsProperties.class)
public class ParkedEventsConfiguration {

    public static final String METRIC = "enclave.read_side.dead_letters";

    @Bean
    SuiteEventTypes suiteEventTypes() {
        return SuiteEventTypes.scan();
    }

    /**
     * A queue per group, registered by name — so it applies whichever processor runs the group, and Axon's own
     * provider (which goes by the processor's {@code dlq.enabled} setting) does not decide. The invoker remembers which
     * aggregates it parked, so an event of any other aggregate costs no query; {@code allowReset} empties the queue
     * when the group is rebuilt.
     */
    @Bean
    ConfigurerModule parkedEventQueues(ParkedEventGroups groups, ParkedEventsProperties bounds,
                                       ConnectionProvider connections, TransactionManager transactions,
                                       Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> {
            for (String group : groups.names()) {
                configurer.eventProcessing()
                        .registerDeadLetterQueue(group, configuration -> JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(group)
                                .connectionProvider(connections)
                                .transactionManager(transactions)
                                .schema(DeadLetterSchema.defaultSchema())
                                .genericSerializer(serializer)
                                .eventSerializer(eventSerializer)
                                .maxSequences(bounds.maxSequences())
                                .maxSequenceSize(bounds.maxSequenceSize())
                                .build())
                        .registerDeadLetteringEventHandlerInvokerConfiguration(group, (configuration, invoker) ->
                                invoker.enableSequenceIdentifierCache().allowReset(true));
            }
        };
    }

    @Bean
    ParkedEvents parkedEvents(ParkedEventGroups groups, EventProcessingConfiguration processing,
                              TransactionManager transactions, JdbcTemplate jdbc) {
        return new ParkedEvents(groups, processing, transactions, jdbc);
    }

    /** Axon finds handler enhancers among the context's beans. */
    @Bean
    SavepointPerEventEnhancer savepointPerEventEnhancer(PlatformTransactionManager transactions) {
        return new SavepointPerEventEnhancer(transactions);
    }

    @Bean
    ParkedEventsEndpoint parkedEventsEndpoint(ParkedEvents parked) {
        return new ParkedEventsEndpoint(parked);
    }

    /** {@value #METRIC}{processing_group=…}: a count read from the table at each scrape. */
    @Bean
    MeterBinder parkedEventsGauge(ParkedEvents parked) {
        return registry -> parked.groups().forEach(group -> Gauge.builder(METRIC, parked, events -> events.count(group))
                .description("Events parked in a processing group's dead letters (docs/operations.md)")
                .tag("processing_group", group)
                .register(registry));
    }

    /** Health detail {@code parkedEvents}: UP whatever the counts, which are its details. */
    @Bean
    HealthIndicator parkedEventsHealthIndicator(ParkedEvents parked) {
        return () -> {
            Map<String, Long> counts = parked.counts();
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            return Health.up().withDetail("parked", total).withDetail("byProcessingGroup", counts).build();
        };
    }
}
