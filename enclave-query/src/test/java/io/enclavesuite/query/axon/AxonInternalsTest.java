package io.enclavesuite.query.axon;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerSeekUtil;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.TrackingRecordConverter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The behaviours of Axon and its Kafka extension that this package relies on, beyond their documented API: each test
 * names one. An Axon or extension upgrade that fails here changes what the read side was built on — read the class
 * named in the test's section before adapting it.
 */
class AxonInternalsTest {

    /** {@link PrepareCommitBuffer}: a processor batch's rows are written in its transaction, once, with its token. */
    @Nested
    class UnitOfWorkPhases {

        private final List<String> happened = new ArrayList<>();

        /** Records what a transaction does, as the processor's JDBC transaction would. */
        private final TransactionManager transactions = () -> {
            happened.add("begin");
            return new Transaction() {
                @Override
                public void commit() {
                    happened.add("commit");
                }

                @Override
                public void rollback() {
                    happened.add("rollback");
                }
            };
        };

        @Test
        void aResourceOfTheRootIsSharedByTheEventsOfTheBatch() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            Object forBatch = CurrentUnitOfWork.get().root().getOrComputeResource("buffer", key -> new Object());
            DefaultUnitOfWork<?> event = DefaultUnitOfWork.startAndGet(null);

            assertThat(event.root()).isSameAs(batch);
            Object forEvent = CurrentUnitOfWork.get().root().getOrComputeResource("buffer", key -> new Object());
            assertThat(forEvent).isSameAs(forBatch);
            event.commit();
            batch.commit();
        }

        @Test
        void prepareCommitRunsInsideTheTransactionBeforeItCommits() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.attachTransaction(transactions);
            batch.onPrepareCommit(committing -> happened.add("prepare-commit"));

            batch.commit();

            assertThat(happened).containsExactly("begin", "prepare-commit", "commit");
        }

        @Test
        void prepareCommitOfTheRootRunsAfterTheEventsOfTheBatchCommitted() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.onPrepareCommit(committing -> happened.add("batch prepares to commit"));
            DefaultUnitOfWork.startAndGet(null).execute(() -> happened.add("first event"));
            DefaultUnitOfWork.startAndGet(null).execute(() -> happened.add("second event"));

            batch.commit();

            assertThat(happened).containsExactly("first event", "second event", "batch prepares to commit");
        }

        @Test
        void aBatchThatRollsBackNeverPreparesToCommit() {
            DefaultUnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
            batch.attachTransaction(transactions);
            batch.onPrepareCommit(committing -> happened.add("prepare-commit"));

            batch.rollback();

            assertThat(happened).containsExactly("begin", "rollback");
            assertThat(batch.phase()).isEqualTo(UnitOfWork.Phase.CLOSED);
            assertThat(CurrentUnitOfWork.isStarted()).isFalse();
        }
    }

    /** {@link CachingEventHandlerInvoker} and {@link ReadSideEventProcessing}: it decides as Axon's invoker does. */
    @Nested
    class HandlerInvokers {

        private final List<String> handled = new ArrayList<>();

        record Joined(String who) {
        }

        /** A read model that can be rebuilt (Axon's default). */
        class Rebuildable {
            @EventHandler
            void on(Joined event) {
                handled.add("rebuildable " + event.who());
            }
        }

        /** One that cannot: a replayed event must not reach it. */
        @DisallowReplay
        class LiveOnly {
            @EventHandler
            void on(Joined event) {
                handled.add("live only " + event.who());
            }
        }

        private EventHandlerInvoker invokerOf(Object readModel) {
            return SimpleEventHandlerInvoker.builder().eventHandlers(readModel).build();
        }

        private EventMessage<?> replayed(Object payload) {
            return new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(KafkaTrackingToken.newInstance(
                    Map.of(new TopicPartition("enclave.events", 0), 9L))),
                    GenericEventMessage.asEventMessage(payload));
        }

        @Test
        void theMultiInvokerAsksItsReadModelsInTheOrderGiven() throws Exception {
            EventHandlerInvoker first = invokerOf(new Rebuildable());
            EventHandlerInvoker second = invokerOf(new LiveOnly());
            MultiEventHandlerInvoker readModels = new MultiEventHandlerInvoker(first, second);

            readModels.handle(GenericEventMessage.asEventMessage(new Joined("U0BOB")), Segment.ROOT_SEGMENT);

            assertThat(readModels.delegates()).containsExactly(first, second);
            assertThat(handled).containsExactly("rebuildable U0BOB", "live only U0BOB");
        }

        @Test
        void theMultiInvokerHandsAReplayedEventOnlyToReadModelsThatCanBeReset() throws Exception {
            MultiEventHandlerInvoker readModels = new MultiEventHandlerInvoker(invokerOf(new Rebuildable()),
                    invokerOf(new LiveOnly()));
            MultiEventHandlerInvoker liveOnly = new MultiEventHandlerInvoker(invokerOf(new LiveOnly()));

            readModels.handle(replayed(new Joined("U0BOB")), Segment.ROOT_SEGMENT);

            assertThat(handled).containsExactly("rebuildable U0BOB");
            assertThat(readModels.canHandle(replayed(new Joined("U0BOB")), Segment.ROOT_SEGMENT)).isTrue();
            assertThat(liveOnly.canHandle(replayed(new Joined("U0BOB")), Segment.ROOT_SEGMENT)).isFalse();
            assertThat(liveOnly.canHandle(GenericEventMessage.asEventMessage(new Joined("U0BOB")),
                    Segment.ROOT_SEGMENT)).isTrue();
        }

        @Test
        void theMultiInvokerCanBeResetWhenAnyOfItsReadModelsCan() {
            assertThat(new MultiEventHandlerInvoker(invokerOf(new LiveOnly()), invokerOf(new Rebuildable()))
                    .supportsReset()).isTrue();
            assertThat(new MultiEventHandlerInvoker(invokerOf(new LiveOnly())).supportsReset()).isFalse();
        }

        @Test
        void aTrackingProcessorIsBuiltWithTheProcessingGroupsAsOneMultiInvoker() {
            Configuration axon = DefaultConfigurer.defaultConfiguration()
                    .configureEmbeddedEventStore(configuration -> new InMemoryEventStorageEngine())
                    .registerModule(new ReadSideEventProcessing())
                    .eventProcessing(processing -> processing
                            .registerTrackingEventProcessor("projections")
                            .registerEventHandler(configuration -> new Rebuildable())
                            .assignProcessingGroup(group -> "projections"))
                    .buildConfiguration();

            TrackingEventProcessor processor = axon.eventProcessingConfiguration()
                    .eventProcessor("projections", TrackingEventProcessor.class).orElseThrow();

            assertThat(processor.eventHandlerInvoker()).isInstanceOf(CachingEventHandlerInvoker.class);
        }
    }

    /** {@link KafkaPositions}, and {@code Replays}, which judges a rebuild's progress by the tokens. */
    @Nested
    class KafkaTokens {

        private static final TopicPartition EVENTS_0 = new TopicPartition("enclave.events", 0);
        private static final TopicPartition EVENTS_1 = new TopicPartition("enclave.events", 1);

        @Test
        void aRecordsTokenHoldsItsOwnOffsetForItsPartition() {
            KafkaMessageConverter<String, byte[]> converter = new KafkaMessageConverter<>() {
                @Override
                public org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> createKafkaMessage(
                        EventMessage<?> eventMessage, String topic) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
                    return Optional.of(GenericEventMessage.asEventMessage(record.key()));
                }
            };
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> fetched = new LinkedHashMap<>();
            fetched.put(EVENTS_0, List.of(new ConsumerRecord<>("enclave.events", 0, 40, "a", new byte[0]),
                    new ConsumerRecord<>("enclave.events", 0, 41, "b", new byte[0])));
            fetched.put(EVENTS_1, List.of(new ConsumerRecord<>("enclave.events", 1, 7, "c", new byte[0])));

            List<KafkaEventMessage> messages = new TrackingRecordConverter<>(converter, KafkaTrackingToken.emptyToken())
                    .convert(new ConsumerRecords<>(fetched));

            assertThat(messages).hasSize(3);
            for (KafkaEventMessage message : messages) {
                TopicPartition partition = new TopicPartition("enclave.events", message.partition());
                assertThat(KafkaPositions.lastHandled(message.value().trackingToken()))
                        .containsEntry(partition, message.offset());
            }
        }

        @Test
        void aProcessorResumesEachPartitionAfterTheRecordItsTokenNamesOrAtItsStart() {
            MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.NONE);
            consumer.updatePartitions("enclave.events", List.of(new PartitionInfo("enclave.events", 0, null, null, null),
                    new PartitionInfo("enclave.events", 1, null, null, null)));

            ConsumerSeekUtil.seekToCurrentPositions(consumer, () -> KafkaTrackingToken.newInstance(Map.of(EVENTS_0, 41L)),
                    List.of("enclave.events"));

            assertThat(consumer.position(EVENTS_0)).isEqualTo(42);
            assertThat(consumer.position(EVENTS_1)).isZero();
        }

        @Test
        void theStartOfTheTopicsIsATokenWithNoPosition() {
            assertThat(KafkaPositions.startOfTheTopics()).isEqualTo(KafkaTrackingToken.emptyToken());
            assertThat(KafkaPositions.lastHandled(KafkaPositions.startOfTheTopics())).isEmpty();
        }

        @Test
        void aReplayTokenIsReadAtThePositionItHasReached() {
            TrackingToken atReset = KafkaTrackingToken.newInstance(Map.of(EVENTS_0, 9L));
            TrackingToken reached = KafkaTrackingToken.newInstance(Map.of(EVENTS_0, 4L));

            TrackingToken replaying = ReplayToken.createReplayToken(atReset, reached);

            assertThat(KafkaPositions.lastHandled(replaying)).isEqualTo(Map.of(EVENTS_0, 4L));
            assertThat(KafkaPositions.lastHandled(null)).isEmpty();
        }

        /** The token store keeps tokens as Jackson JSON: a change of shape would lose every stored position. */
        @Test
        void aStoredTokenIsItsPositionsByTopicAndPartition() {
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            KafkaTrackingToken token = KafkaTrackingToken.newInstance(Map.of(EVENTS_0, 41L));

            SerializedObject<String> stored = serializer.serialize(token, String.class);
            KafkaTrackingToken read = serializer.deserialize(new SimpleSerializedObject<>(
                    "{\"positions\":{\"enclave.events-0\":41,\"enclave.events-1\":7}}", String.class,
                    stored.getType()));

            assertThat(stored.getType().getName()).isEqualTo(KafkaTrackingToken.class.getName());
            assertThat(stored.getData()).isEqualTo("{\"positions\":{\"enclave.events-0\":41}}");
            assertThat(read.getPositions()).isEqualTo(Map.of(EVENTS_0, 41L, EVENTS_1, 7L));
        }
    }
}
