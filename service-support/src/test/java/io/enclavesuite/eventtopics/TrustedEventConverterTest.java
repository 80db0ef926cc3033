package io.enclavesuite.eventtopics;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.UserId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedEventConverterTest {

    private static final Instant T1 = Instant.parse("2026-11-24T09:00:00Z");

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build();
    private final DefaultKafkaMessageConverter standard = DefaultKafkaMessageConverter.builder()
            .serializer(serializer).build();
    private final TrustedEventConverter converter = new TrustedEventConverter(standard, SuiteEventTypes.scan());

    @Test
    void oneOfTheSuitesEventsReadsAsTheOtherConverterReadsIt() {
        ConsumerRecord<String, byte[]> record = memberRegistered();

        EventMessage<?> read = converter.readKafkaMessage(record).orElseThrow();

        assertThat(read.getIdentifier()).isEqualTo("m-1");
        assertThat(read.getPayload()).isEqualTo(new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1));
    }

    @Test
    void aTypeOutsideTheSuitesEventsIsNeverLoadedAndBecomesAnUnreadableEventOfItsAggregate() {
        ConsumerRecord<String, byte[]> record = memberRegistered();
        retype(record, "io.enclavesuite.eventtopics.Detonator");

        DomainEventMessage<?> read = (DomainEventMessage<?>) converter.readKafkaMessage(record).orElseThrow();

        assertThat(read.getPayload()).isEqualTo(new UnreadableEvent("enclave.events", 0, 42L,
                "\"io.enclavesuite.eventtopics.Detonator\"",
                "event type \"io.enclavesuite.eventtopics.Detonator\" is not one of the suite's events"));
        assertThat(read.getAggregateIdentifier()).isEqualTo("growth");
        assertThat(read.getSequenceNumber()).isEqualTo(7);
        assertThat(read.getIdentifier()).isEqualTo("unreadable:enclave.events-0@42");
        assertThat(read.getMetaData()).isEmpty();
        assertThat(detonated("io.enclavesuite.eventtopics.Detonator")).isFalse();
    }

    @Test
    void theStandardConverterAloneWouldHaveDeserialisedTheNamedClass() {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("enclave.events", 0, 43L, T1.toEpochMilli(),
                TimestampType.CREATE_TIME, -1, -1, "growth", "{\"charge\":\"boom\"}".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(memberRegistered().headers().toArray()), Optional.empty());
        retype(record, "io.enclavesuite.eventtopics.Detonator$Twin");
        assertThat(converter.readKafkaMessage(record).orElseThrow().getPayloadType()).isEqualTo(UnreadableEvent.class);
        assertThat(detonated("io.enclavesuite.eventtopics.Detonator$Twin")).isFalse();
        // what the read side did before: the record's header chose the class, and reading it ran its initialiser
        Object payload = standard.readKafkaMessage(record).orElseThrow().getPayload();
        assertThat(payload.getClass().getName()).isEqualTo("io.enclavesuite.eventtopics.Detonator$Twin");
        assertThat(detonated("io.enclavesuite.eventtopics.Detonator$Twin")).isTrue();
    }

    @Test
    void aRecordWithoutAxonHeadersIsParkedNotSkipped() {
        var record = new ConsumerRecord<>("enclave.events", 1, 5L, "growth", "{}".getBytes(StandardCharsets.UTF_8));

        EventMessage<?> read = converter.readKafkaMessage(record).orElseThrow();

        assertThat(read).isNotInstanceOf(DomainEventMessage.class);
        assertThat(((UnreadableEvent) read.getPayload()).reason())
                .isEqualTo("the record names no event type (no axon-message-type header)");
    }

    @Test
    void anAggregateIdLongerThanTheDeadLetterTableTakesIsRefused() {
        ConsumerRecord<String, byte[]> record = memberRegistered();
        record.headers().remove("axon-message-aggregate-id");
        record.headers().add("axon-message-aggregate-id", "a".repeat(300).getBytes(StandardCharsets.UTF_8));

        EventMessage<?> read = converter.readKafkaMessage(record).orElseThrow();

        assertThat(read).isNotInstanceOf(DomainEventMessage.class);
        assertThat(((UnreadableEvent) read.getPayload()).reason())
                .isEqualTo("header axon-message-aggregate-id is longer than 255 characters");
    }

    @Test
    void anUnreadablePayloadOfAnAllowedTypeFailsOnlyWhenAHandlerReadsIt() {
        ConsumerRecord<String, byte[]> good = memberRegistered();
        var record = new ConsumerRecord<>("enclave.events", 0, 44L, T1.toEpochMilli(), TimestampType.CREATE_TIME, -1,
                -1, "growth", "{\"enclaveId\":".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(good.headers().toArray()), Optional.<Integer>empty());

        EventMessage<?> read = converter.readKafkaMessage(record).orElseThrow();

        assertThat(read.getPayloadType()).isEqualTo(MemberRegistered.class);
        assertThatThrownBy(read::getPayload).isNotNull(); // and the handler's group parks it
    }

    @Test
    void theUnreadableEventsRefusalSaysWhereAndWhy() {
        var refusal = new UnreadableEvent("enclave.events", 2, 9L, "\"x\"", "event type \"x\" is not one of the "
                + "suite's events").refusal();

        assertThat(refusal).hasMessage("refused record enclave.events-2@9: event type \"x\" is not one of the suite's "
                + "events");
    }

    private ConsumerRecord<String, byte[]> memberRegistered() {
        var message = new GenericDomainEventMessage<>("Enclave", "growth", 7,
                new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1), MetaData.with("actor", "U0ALICE"),
                "m-1", T1);
        ProducerRecord<String, byte[]> sent = standard.createKafkaMessage(message, "enclave.events");
        return new ConsumerRecord<>(sent.topic(), 0, 42L, T1.toEpochMilli(), TimestampType.CREATE_TIME, -1, -1,
                sent.key(), sent.value(), new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }

    /** Whether the detonator of this name has been initialised in this JVM (it leaves a system property behind). */
    private static boolean detonated(String className) {
        return System.getProperty(className) != null;
    }

    private static void retype(ConsumerRecord<String, byte[]> record, String type) {
        record.headers().remove("axon-message-type");
        record.headers().add("axon-message-type", type.getBytes(StandardCharsets.UTF_8));
    }
}
