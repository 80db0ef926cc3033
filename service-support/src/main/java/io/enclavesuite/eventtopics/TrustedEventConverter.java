package io.enclavesuite.eventtopics;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.axonframework.messaging.Headers.AGGREGATE_ID;
import static org.axonframework.messaging.Headers.AGGREGATE_SEQ;
import static org.axonframework.messaging.Headers.AGGREGATE_TYPE;
import static org.axonframework.messaging.Headers.MESSAGE_ID;
import static org.axonframework.messaging.Headers.MESSAGE_TYPE;

/**
 * Reads the event topics' records through another converter, but only those whose {@code axon-message-type} is one of
 * the suite's events ({@link SuiteEventTypes}), checked before the other converter sees the record — so before any
 * class is looked up for the name. Anyone who can write to an event topic could otherwise make the reader load and
 * deserialise a class of their choosing.
 * <p>
 * A record that is refused, or that the other converter cannot read, is not skipped: it becomes an
 * {@link UnreadableEvent} (where it was, why it was refused), which every read-side processing group parks in its dead
 * letters, in the sequence of the aggregate the record names, and the processor goes on with the next record. The
 * aggregate's later events wait behind it, as they must: a record of an event type this reader does not know yet may
 * be a real event from a newer writer. Identifiers longer than the dead-letter table takes are refused too, so that
 * parking cannot fail.
 */
public final class TrustedEventConverter implements KafkaMessageConverter<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(TrustedEventConverter.class);
    /** The dead-letter table's identifier columns (VARCHAR(255)). */
    private static final int MAX_IDENTIFIER = 255;

    private final KafkaMessageConverter<String, byte[]> reader;
    private final SuiteEventTypes types;

    public TrustedEventConverter(KafkaMessageConverter<String, byte[]> reader, SuiteEventTypes types) {
        this.reader = reader;
        this.types = types;
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> eventMessage, String topic) {
        return reader.createKafkaMessage(eventMessage, topic);
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String type = text(headers, MESSAGE_TYPE);
        Optional<String> refusal = types.refusal(type);
        if (refusal.isEmpty()) {
            refusal = tooLong(headers);
        }
        if (refusal.isEmpty()) {
            try {
                Optional<EventMessage<?>> event = reader.readKafkaMessage(record);
                if (event.isPresent()) {
                    return event;
                }
                refusal = Optional.of("not a readable event record (its Axon headers are missing or malformed)");
            } catch (RuntimeException e) {
                refusal = Optional.of("not a readable event record: " + UntrustedText.quote(e.getMessage()));
            }
        }
        UnreadableEvent unreadable = new UnreadableEvent(record.topic(), record.partition(), record.offset(),
                UntrustedText.quote(type), refusal.get());
        log.warn("Parking record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), refusal.get());
        return Optional.of(placeholder(record, unreadable));
    }

    private static Optional<String> tooLong(Headers headers) {
        for (String name : new String[]{MESSAGE_ID, AGGREGATE_ID, AGGREGATE_TYPE}) {
            String value = text(headers, name);
            if (value != null && value.length() > MAX_IDENTIFIER) {
                return Optional.of("header " + name + " is longer than " + MAX_IDENTIFIER + " characters");
            }
        }
        return Optional.empty();
    }

    /**
     * The unreadable event with an identifier of its place (the same each time the record is read) and, when the
     * record names one, its aggregate and sequence: it is parked in that aggregate's sequence. Nothing else of the
     * record is kept — its metadata neither.
     */
    private static EventMessage<?> placeholder(ConsumerRecord<String, byte[]> record, UnreadableEvent unreadable) {
        String identifier = "unreadable:" + record.topic() + "-" + record.partition() + "@" + record.offset();
        Instant at = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
        String aggregateId = text(record.headers(), AGGREGATE_ID);
        Long sequence = number(record.headers(), AGGREGATE_SEQ);
        if (aggregateId != null && aggregateId.length() <= MAX_IDENTIFIER && sequence != null) {
            String aggregateType = text(record.headers(), AGGREGATE_TYPE);
            return new GenericDomainEventMessage<>(aggregateType == null || aggregateType.length() > MAX_IDENTIFIER
                    ? "unknown" : aggregateType, aggregateId, sequence, unreadable, MetaData.emptyInstance(),
                    identifier, at);
        }
        return new GenericEventMessage<>(identifier, unreadable, MetaData.emptyInstance(), at);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A long as the publisher writes it (8 bytes); anything else counts as absent. */
    private static Long number(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null || header.value().length != Long.BYTES ? null
                : ByteBuffer.wrap(header.value()).getLong();
    }
}
