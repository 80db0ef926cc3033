package io.enclavesuite.write.axon;

import io.enclavesuite.write.Acknowledgements;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * The Kafka publisher of the write services: it sends every event of a processor batch at once and waits for their
 * acknowledgements together, when the batch's unit of work prepares to commit — before its token is committed, so a
 * refused or unacknowledged event rolls the batch back and the processor sends it again (at least once; every reader
 * keys by event id or sequence).
 * <p>
 * The extension's own publisher in {@code wait_for_ack} mode waits for each event's acknowledgement before it sends
 * the next, so a batch of 100 events cost 100 broker round trips one after the other. That capped the publisher
 * close to the write rate on the bench machine, where it fell behind by seconds whenever a round trip slowed
 * (docs/benchmarks.md). Order is kept all the same: an aggregate's events share a key and so a partition, and the
 * idempotent producer keeps a partition's records in the order they were sent.
 * <p>
 * With a transactional producer (a {@code transaction-id-prefix}) the extension's per-event Kafka transactions are
 * used unchanged.
 */
public class BatchedKafkaPublisher<K, V> extends KafkaPublisher<K, V> {

    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final TopicResolver topics;
    private final MessageMonitor<? super EventMessage<?>> monitor;
    private final Duration ackTimeout;
    /** The acknowledgements of the batch in progress, one list per root unit of work. */
    private final String resourceKey = BatchedKafkaPublisher.class.getName() + "#" + System.identityHashCode(this);

    public BatchedKafkaPublisher(Serializer serializer, ProducerFactory<K, V> producers,
                                 KafkaMessageConverter<K, V> converter, TopicResolver topics,
                                 MessageMonitor<? super EventMessage<?>> monitor, Duration ackTimeout) {
        super(KafkaPublisher.<K, V>builder().serializer(serializer).producerFactory(producers)
                .messageConverter(converter).topicResolver(topics).messageMonitor(monitor));
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("the publisher's acknowledgement timeout must be positive, not "
                    + ackTimeout);
        }
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
        this.monitor = monitor;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        if (producers.confirmationMode().isTransactional()) {
            super.send(event);
            return;
        }
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        MonitorCallback callback = monitor.onMessageIngested(event);
        Future<RecordMetadata> ack;
        try {
            // The factory shares one producer between callers; closing it here would be a no-op.
            ack = producers.createProducer().send(converter.createKafkaMessage(event, topic.get()));
        } catch (RuntimeException e) {
            callback.reportFailure(e);
            throw new EventPublicationFailedException("Kafka refused event " + event.getIdentifier(), e);
        }
        Sent sent = new Sent(event.getIdentifier(), ack, callback);
        // a subscribing publisher runs while the command's unit of work already commits: it waits for each at once
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().root().phase().isBefore(UnitOfWork.Phase.PREPARE_COMMIT)) {
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            batch.getOrComputeResource(resourceKey, key -> {
                List<Sent> pending = new ArrayList<>();
                batch.onPrepareCommit(u -> awaitAll(pending));
                return pending;
            }).add(sent);
        } else {
            awaitAll(List.of(sent));
        }
    }

    /** Waits for every acknowledgement, all within one timeout; the first failure fails the batch. */
    private void awaitAll(List<Sent> pending) {
        Acknowledgements.awaitAll(pending, Sent::ack, ackTimeout, (index, failure, e) -> {
            Throwable cause = failure == Acknowledgements.Failure.REFUSED ? e.getCause() : e;
            pending.subList(0, index).forEach(sent -> sent.callback().reportSuccess());
            pending.subList(index, pending.size()).forEach(rest -> rest.callback().reportFailure(cause));
            String what = switch (failure) {
                case REFUSED -> "Kafka did not take";
                case TIMED_OUT -> "no acknowledgement within " + ackTimeout + " for";
                case INTERRUPTED -> "interrupted while waiting for the acknowledgement of";
            };
            return new EventPublicationFailedException(what + " event " + pending.get(index).eventId() + " ("
                    + (pending.size() - index) + " of " + pending.size()
                    + " events of the batch unconfirmed); the batch is sent again", cause);
        });
        pending.forEach(sent -> sent.callback().reportSuccess());
    }

    private record Sent(String eventId, Future<RecordMetadata> ack, MonitorCallback callback) {
    }
}
