package io.enclavesuite.coordination.infrastructure;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.coordination.CoordinationProperties;
import io.enclavesuite.coordination.meeting.Coordination;
import io.enclavesuite.coordination.meeting.CoordinationLimits;
import io.enclavesuite.coordination.meeting.OverlapEngine;
import io.enclavesuite.coordination.meeting.RoomKeyCommands;
import io.enclavesuite.coordination.meeting.RoomReceipts;
import io.enclavesuite.coordination.meeting.RoomShredding;
import io.enclavesuite.coordination.meeting.Initiators;
import io.enclavesuite.coordination.policy.AgentPolicy;
import io.enclavesuite.coordination.policy.AuthorizationSaga;
import io.enclavesuite.coordination.policy.AutonomyLimits;
import io.enclavesuite.coordination.policy.InitiatorRooms;
import io.enclavesuite.coordination.sealing.JdbcRoomKeys;
import io.enclavesuite.coordination.sealing.RoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
import io.enclavesuite.coordination.sealing.FileKeyWrapping;
import io.enclavesuite.coordination.sealing.KeyEncryptionKeyFiles;
import io.enclavesuite.coordination.sealing.KeyWrapping;
import io.enclavesuite.coordination.sealing.RoomKeyRewrapping;
import io.enclavesuite.write.axon.AggregateCache;
import io.enclavesuite.write.axon.AxonStoresConfiguration;
import io.enclavesuite.write.receipts.ReceiptIssuer;
import io.enclavesuite.write.receipts.StreamExport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.modelling.command.Repository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The coordination side of Axon and the parts its aggregates are handed; the stores are shared with enclave-command. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CoordinationProperties.class)
public class CoordinationAxonConfiguration {

    /**
     * The authorization saga sends commands on what it sees: a new token store must not replay old rooms' invitations.
     * (Room shredding starts at the tail on purpose: shredding again is harmless, missing a room is not.)
     */
    @Bean
    AxonStoresConfiguration.SagaProcessors sagaProcessors() {
        return new AxonStoresConfiguration.SagaProcessors(List.of(AuthorizationSaga.PROCESSING_GROUP));
    }

    /**
     * Everything this service stores is published on {@code coordination.events}; the extension's default topic is
     * the one it reads ({@code enclave.events}, for the enclave directory).
     */
    @Bean
    TopicResolver coordinationEventsTopic(TopicNames topics) {
        String topic = topics.coordinationEvents();
        return event -> Optional.of(topic);
    }

    /** Rooms with many submissions grow long streams: a snapshot and a cache keep each command cheap. */
    @Bean
    SnapshotTriggerDefinition coordinationSnapshotTrigger(Snapshotter snapshotter, CoordinationProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /**
     * The most recently used aggregates, by reference, each checked against the store before use: see
     * {@link AggregateCache} for why not a weak cache, and why checked.
     */
    @Bean
    AggregateCache coordinationCacheStore(CoordinationProperties properties, ObjectProvider<EventStore> events) {
        return new AggregateCache("coordinations", properties.aggregateCache().entries(),
                id -> events.getObject().lastSequenceNumberFor(id));
    }

    @Bean
    Cache coordinationCache(AggregateCache store) {
        return store.axonCache();
    }

    /** The bounds of a room, handed to its command handlers. */
    @Bean
    CoordinationLimits coordinationLimits(CoordinationProperties properties) {
        return properties.limits();
    }

    /** The bounds of the agent policies, handed to their command handlers. */
    @Bean
    AutonomyLimits autonomyLimits(CoordinationProperties properties) {
        return properties.autonomy();
    }

    /** Each initiator's rooms per hour, counted on their own agent policy. */
    @Bean
    Initiators initiators(Repository<AgentPolicy> agentPolicyRepository) {
        return new InitiatorRooms(agentPolicyRepository);
    }

    /**
     * The KEKs, from files outside the database (docs/security.md). The current one is made only on a first start:
     * with live wrapped keys in the table, a missing file stops the service instead.
     */
    @Bean
    KeyWrapping keyWrapping(CoordinationProperties properties, JdbcTemplate jdbc) {
        CoordinationProperties.KeyEncryption kek = properties.keyEncryption();
        return new FileKeyWrapping(KeyEncryptionKeyFiles.load(kek.keyFile(), kek.previousKeyFiles(),
                RoomKeyRewrapping.liveKekIds(jdbc)));
    }

    /** Room keys in the service's own table, wrapped, written in the transaction that stores the room's events. */
    @Bean
    RoomKeys roomKeys(JdbcTemplate jdbc, KeyWrapping wrapping, Clock clock) {
        return new JdbcRoomKeys(jdbc, wrapping, clock);
    }

    @Bean
    WindowOpener windowOpener(RoomKeys keys) {
        return new WindowOpener(keys);
    }

    @Bean
    OverlapEngine overlapEngine() {
        return new OverlapEngine();
    }

    /** The room commands that need the room's key: around the aggregate, in the command's transaction. */
    @Bean
    RoomKeyCommands roomKeyCommands(Repository<Coordination> coordinationRepository, RoomKeys keys,
                                    WindowOpener opener) {
        return new RoomKeyCommands(coordinationRepository, keys, opener);
    }

    @Bean
    RoomReceipts roomReceipts(StreamExport export, ReceiptIssuer issuer, CommandGateway commands) {
        return new RoomReceipts(export, issuer, commands);
    }

    @Bean
    RoomShredding roomShredding(CommandGateway commands) {
        return new RoomShredding(commands);
    }
}
