package io.enclavesuite.slack.channel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One event as the write services' tracking publisher puts it on Kafka: the payload's JSON in the value, the type,
 * the aggregate and its position in Axon's headers.
 */
public record EventRecord(String messageId, String type, String aggregateId, Long sequence, byte[] payload) {

    // A reader that takes events written by newer services: a field it does not know is not a reason to stop.
    private static final ObjectMapper JSON = EnclaveJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static EventRecord of(ConsumerRecord<String, byte[]> record) {
        return new EventRecord(text(record, "axon-message-id"), text(record, "axon-message-type"), text(record, "axon-message-aggregate-id"),
                number(record, "axon-message-aggregate-seq"), record.value());
    }

    /** The payload as {@code type}, when this record is one. */
    public <T> Optional<T> as(Class<T> type) {
        if (!type.getName().equals(this.type) || payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(payload, type));
        } catch (IOException e) {
            throw new IllegalStateException("an " + type.getSimpleName() + " event cannot be read: " + e.getMessage(), e);
        }
    }

    private static String text(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long number(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value().length != Long.BYTES ? null : ByteBuffer.wrap(header.value()).getLong();
    }
}
