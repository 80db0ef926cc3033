package io.enclavesuite.write.axon;

import com.github.kagkarlsson.scheduler.task.Task;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.write.replicas.ConflictRetries;
import io.enclavesuite.write.replicas.DeadlineRetries;
import io.enclavesuite.write.replicas.PostgresDuplicateKeys;
import io.enclavesuite.write.replicas.ReplicasProperties;
import io.enclavesuite.write.replicas.SegmentBalancer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Axon on PostgreSQL without Axon Server, as both write services run it: JDBC event, token and saga stores (tables
 * from the Flyway migrations in {@code db/migration/write-side}), Jackson serialization (the service's yml), a
 * DbScheduler deadline manager (Axon's auto-configuration, given the db-scheduler starter), the metadata every
 * message carries forward — and what lets several replicas share the database (package {@code replicas}; docs/
 * architecture.md, "Replicas").
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KafkaPublisherProperties.class, SnapshotProperties.class, ReplicasProperties.class})
public class AxonStoresConfiguration {

    /**
     * Axon's JDBC event storage as its auto-configuration builds it (which backs off when one exists), with tailing
     * reads that end at a batch that did not fill its range ({@link TailingJdbcEventStorageEngine}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return new TailingJdbcEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema()));
    }

    /** An append that collides on (aggregate, sequence number) is Axon's ConcurrencyException on PostgreSQL too. */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeys();
    }

    /**
     * Axon's default saga schema uses AUTO_INCREMENT and blob, which PostgreSQL refuses. A saga is loaded
     * {@code FOR UPDATE}: its deadline may fire on one replica while another handles an event for it, and the row lock
     * makes the second wait for the first's commit instead of overwriting it (within a replica Axon's own lock on the
     * saga id already does).
     */
    @Bean
    SagaSqlSchema sagaSqlSchema() {
        PostgresSagaSqlSchema schema = new PostgresSagaSqlSchema();
        schema.setExclusiveLoad(true);
        return schema;
    }

    /**
     * The command gateway, with {@link ConflictRetries}: a command that lost the race for its aggregate's next
     * sequence number to another replica, or a creation that assumed its aggregate new and met a stored one, is sent
     * again on the stored state.
     */
    @Bean(destroyMethod = "close")
    ConflictRetries conflictRetries(ReplicasProperties replicas, OptimisticCreation optimisticCreation) {
        return new ConflictRetries(replicas.conflictRetries(), replicas.conflictBackoff(),
                optimisticCreation::guessCollided);
    }

    /**
     * The creation commands the service lists ({@link OptimisticCreation.Commands}) skip the read of their aggregate on
     * a first attempt. Axon registers every MessageHandlerInterceptor bean on the command bus.
     */
    @Bean
    OptimisticCreation optimisticCreation(ObjectProvider<OptimisticCreation.Commands> commands,
                                          ReplicasProperties replicas) {
        return new OptimisticCreation(commands.getIfAvailable(() -> new OptimisticCreation.Commands(java.util.Set.of())),
                replicas.conflictRetries());
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ConflictRetries conflictRetries) {
        return DefaultCommandGateway.builder().commandBus(commandBus).retryScheduler(conflictRetries).build();
    }

    /**
     * Deadlines (db-scheduler's {@code AxonDeadline} task): one replica picks each due execution, and one whose unit of
     * work failed — a sequence collision with another replica, the database away — is tried again after 1 s, doubling
     * up to 5 min, instead of db-scheduler's flat 5 min.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineTaskRetriedWithBackoff(ApplicationContext context) {
        return DeadlineRetries.task(() -> context.getBean(DbSchedulerDeadlineManager.class));
    }

    /**
     * Spreads the processors' segments over the live replicas (and grows the sagas' to the configured count). Started
     * once the application is ready: asking Axon for its processors earlier builds them before every handler is
     * registered (the Kafka extension registers its publisher as its bean is made), and a processor built then is
     * missing for good.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> segmentBalancerStart(SegmentBalancer balancer) {
        return ready -> balancer.start();
    }

    @Bean(destroyMethod = "close")
    SegmentBalancer segmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, TokenStore tokenStore,
                                    TransactionManager transactionManager, ReplicasProperties replicas,
                                    ObjectProvider<SagaProcessors> sagas) {
        Map<String, Integer> wanted = new HashMap<>();
        sagas.orderedStream().flatMap(service -> service.names().stream())
                .forEach(name -> wanted.put(name, replicas.sagaSegments()));
        return new SegmentBalancer(jdbc, processing, tokenStore, transactionManager, replicas, wanted);
    }

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
     * Sagas act on the world: a processor that has no token yet starts at the head of the stream, so a new token
     * store never replays old work (provisionings, deadlines, …) against the world. (Axon's default is the tail.)
     * Each saga processor has {@code enclave.replicas.saga-segments} segments and as many threads on every replica,
     * so replicas share them ({@link SegmentBalancer}) and any one can carry them all; one saga instance is always
     * in one segment, so its steps never race.
     */
    @Bean
    ConfigurerModule sagasStartAtTheHead(ObjectProvider<SagaProcessors> sagas, ReplicasProperties replicas) {
        return configurer -> sagas.orderedStream().flatMap(service -> service.names().stream()).forEach(saga ->
                configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                        saga, configuration -> TrackingEventProcessorConfiguration
                                .forParallelProcessing(replicas.sagaSegments())
                                .andInitialSegmentsCount(replicas.sagaSegments())
                                .andTokenClaimInterval(replicas.tokenClaimInterval().toMillis(), TimeUnit.MILLISECONDS)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken)));
    }

    /** A service's saga processors, named by the service: they start at the head and run in segments. */
    public record SagaProcessors(List<String> names) {
        public SagaProcessors {
            names = List.copyOf(names);
        }
    }

    /**
     * Every other tracking processor of the service (one segment unless its own settings say otherwise) looks for a
     * free or lapsed segment every {@code enclave.replicas.token-claim-interval}, so a dead replica's is taken over
     * within the claim timeout and that interval.
     */
    @Bean
    ConfigurerModule claimIntervals(ReplicasProperties replicas) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andTokenClaimInterval(replicas.tokenClaimInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * The tracking publisher (the event store is the outbox) takes up to {@code enclave.kafka.publisher-batch-size}
     * stored events per transaction: {@link BatchedKafkaPublisher} sends them all, then waits for their
     * acknowledgements together before the token moves. One event each (Axon's default) committed a token per event,
     * which capped the events reaching Kafka at a few hundred a second on the bench machine. A failed send rolls the
     * batch back and sends it again — publishing was at least once already, and every reader keys by event id or
     * sequence.
     */
    @Bean
    ConfigurerModule publisherBatches(KafkaPublisherProperties publisher, ReplicasProperties replicas) {
        int batchSize = publisher.publisherBatchSize();
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, configuration -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(batchSize)
                        .andTokenClaimInterval(replicas.tokenClaimInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Replaces the extension's publisher (its auto-configuration backs off when one exists), which waits for each
     * event's acknowledgement before sending the next. Only where this service publishes at all.
     */
    @Bean(destroyMethod = "shutDown")
    @ConditionalOnProperty(name = "axon.kafka.publisher.enabled", havingValue = "true", matchIfMissing = true)
    <K, V> KafkaPublisher<K, V> kafkaPublisher(@Qualifier("eventSerializer") Serializer eventSerializer,
                                               ProducerFactory<K, V> axonKafkaProducerFactory,
                                               KafkaMessageConverter<K, V> kafkaMessageConverter,
                                               TopicResolver topicResolver,
                                               org.axonframework.config.Configuration axon,
                                               KafkaPublisherProperties publisher) {
        return new BatchedKafkaPublisher<>(eventSerializer, axonKafkaProducerFactory, kafkaMessageConverter,
                topicResolver, axon.messageMonitor(KafkaPublisher.class, "kafkaPublisher"),
                publisher.publisherAckTimeout());
    }

    /**
     * Snapshots are taken on a thread of their own ({@link SnapshotThread}), at most
     * {@code enclave.snapshots.per-second}, instead of on the command's thread after it commits (Axon's default): a
     * snapshot reads and replays the aggregate's events since the last one, and when many aggregates reach the
     * threshold together the commands behind them waited for all of it (docs/benchmarks.md).
     */
    @Bean
    SnapshotThread snapshotThread(SnapshotProperties snapshots) {
        return new SnapshotThread(snapshots.perSecond());
    }

    /** Axon's Spring Boot snapshotter as its auto-configuration builds it, with the executor above. */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration axon,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory, SnapshotThread thread) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(thread.executor())
                .build();
    }

    /**
     * Tracking tokens in PostgreSQL, so a saga's state, its deadlines and its token commit in one transaction.
     * Declared explicitly: with its publisher in tracking mode, the Axon Kafka extension would otherwise register
     * a token store kept in a Kafka topic ahead of Axon's JDBC one. Claims are made as this replica
     * ({@code enclave.replicas.node-id}) and lapse after {@code enclave.replicas.claim-timeout} untouched.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, ReplicasProperties replicas) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(TokenSchema.builder().build())
                .nodeId(replicas.nodeId())
                .claimTimeout(replicas.claimTimeout())
                .build();
    }

    /**
     * Who, where and how travel from a command to its events and on to the commands sagas send. The envelope's
     * commandId does not: it is the command message's own identifier, so it reaches every event that follows as
     * Axon's correlationId / traceId, and a saga's command never looks like a resend of the envelope.
     */
    @Bean
    CorrelationDataProvider enclaveCorrelationData() {
        return new SimpleCorrelationDataProvider(MetadataKeys.ACTOR, MetadataKeys.PRINCIPAL, MetadataKeys.CHANNEL_ID,
                MetadataKeys.VIA);
    }

    /**
     * Axon's traceId and correlationId. Declared here because Axon's own default is conditional on there being no
     * other CorrelationDataProvider bean, and the one above would otherwise silently replace it.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
