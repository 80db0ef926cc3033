package io.enclavesuite.write.axon;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The write services' Kafka publisher on the real broker: a unit of work's events are sent as they are handled and
 * acknowledged together when it prepares to commit; one refused event fails the commit, so the processor's token
 * does not move and the batch is sent again.
 */
class BatchedKafkaPublisherTest {

    /** Records up to 64 KiB: a larger event leaves the producer and is refused by the broker, in its acknowledgement. */
    private static final int TOPIC_RECORD_LIMIT = 64 * 1024;

    private final String topic = TestInfrastructure.uniqueTopicPrefix() + "events";
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private DefaultProducerFactory<String, byte[]> producers;
    private BatchedKafkaPublisher<String, byte[]> publisher;
    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void publisherOnTheRealBroker() throws Exception {
        String bootstrap = TestInfrastructure.get().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(TOPIC_RECORD_LIMIT))))).all().get();
        }
        producers = DefaultProducerFactory.<String, byte[]>builder()
                .configuration(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))
                .confirmationMode(ConfirmationMode.WAIT_FOR_ACK)
                .build();
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        publisher = new BatchedKafkaPublisher<>(serializer, producers,
                DefaultKafkaMessageConverter.builder().serializer(serializer).build(), event -> Optional.of(topic),
                new CountingMonitor(), Duration.ofSeconds(10));
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(consumer.assignment());
    }

    @AfterEach
    void close() {
        consumer.close();
        publisher.shutDown();
    }

    @Test
    void aUnitOfWorksEventsAreAcknowledgedTogetherWhenItCommits() {
        List<EventMessage<?>> batch = List.of(event("first"), event("second"), event("third"));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(batch.get(0));

        batch.forEach(publisher::send);
        assertThat(acknowledged).as("no send waited for its acknowledgement").hasValue(0);
        unitOfWork.commit();

        assertThat(acknowledged).as("every acknowledgement was awaited before the commit").hasValue(3);
        assertThat(recordIds(3)).containsExactly(batch.get(0).getIdentifier(), batch.get(1).getIdentifier(),
                batch.get(2).getIdentifier());
    }

    @Test
    void oneRefusedEventFailsTheCommitAndRollsTheBatchBack() {
        EventMessage<?> small = event("fits");
        EventMessage<?> large = event("x".repeat(2 * TOPIC_RECORD_LIMIT));
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(small);
        AtomicBoolean rolledBack = new AtomicBoolean();
        unitOfWork.onRollback(u -> rolledBack.set(true));

        publisher.send(small);
        publisher.send(large);

        assertThatThrownBy(unitOfWork::commit).isInstanceOf(EventPublicationFailedException.class)
                .hasMessageContaining("Kafka did not take event " + large.getIdentifier())
                .hasMessageContaining("1 of 2 events of the batch unconfirmed");
        assertThat(rolledBack).isTrue();
        assertThat(acknowledged).hasValue(1);
        assertThat(refused).hasValue(1);
    }

    @Test
    void withoutAUnitOfWorkEachSendWaitsForItsOwnAcknowledgement() {
        EventMessage<?> event = event("alone");

        publisher.send(event);

        assertThat(acknowledged).hasValue(1);
        assertThat(recordIds(1)).containsExactly(event.getIdentifier());
        assertThatThrownBy(() -> publisher.send(event("x".repeat(2 * TOPIC_RECORD_LIMIT))))
                .isInstanceOf(EventPublicationFailedException.class);
        assertThat(refused).hasValue(1);
    }

    @Test
    void whileAUnitOfWorkAlreadyCommitsASendWaitsForItsOwnAcknowledgement() {
        // as a subscribing publisher would send: from the command's unit of work as it prepares to commit
        EventMessage<?> event = event("late");
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        AtomicInteger acknowledgedWhenSent = new AtomicInteger(-1);
        unitOfWork.onPrepareCommit(u -> {
            publisher.send(event);
            acknowledgedWhenSent.set(acknowledged.get());
        });

        unitOfWork.commit();

        assertThat(acknowledgedWhenSent).hasValue(1);
        assertThat(recordIds(1)).containsExactly(event.getIdentifier());
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        assertThatThrownBy(() -> new BatchedKafkaPublisher<>(serializer, producers,
                DefaultKafkaMessageConverter.builder().serializer(serializer).build(), event -> Optional.of(topic),
                new CountingMonitor(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    /** The Axon message ids of the first {@code count} records on the topic, in order. */
    private List<String> recordIds(int count) {
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                ids.add(new String(record.headers().lastHeader("axon-message-id").value(), StandardCharsets.UTF_8));
            }
            return ids.size() >= count;
        });
        return ids;
    }

    private class CountingMonitor implements MessageMonitor<EventMessage<?>> {
        @Override
        public MonitorCallback onMessageIngested(EventMessage<?> message) {
            return new MonitorCallback() {
                @Override
                public void reportSuccess() {
                    acknowledged.incrementAndGet();
                }

                @Override
                public void reportFailure(Throwable cause) {
                    refused.incrementAndGet();
                }

                @Override
                public void reportIgnored() {
                }
            };
        }
    }
}
