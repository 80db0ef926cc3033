package io.enclavesuite.query.infrastructure;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
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
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderMetaDataConverterTest {

    private static final Instant T1 = Instant.parse("2026-11-24T09:00:00Z");

    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build();
    private final DefaultKafkaMessageConverter standard = DefaultKafkaMessageConverter.builder()
            .serializer(serializer).build();
    private final HeaderMetaDataConverter converter = new HeaderMetaDataConverter(standard, serializer);

    @Test
    void aDomainEventReadsAsTheExtensionsOwnConverterReadsIt() {
        var event = new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1);
        var message = new GenericDomainEventMessage<>("Enclave", "growth", 7, event,
                MetaData.with(MetadataKeys.ACTOR, "U0ALICE").and(MetadataKeys.VIA, "slack:/enclave")
                        .and("traceId", "t-1").and("correlationId", "c-1").and("note", "héllo – ünïcode"),
                "m-1", T1);
        ConsumerRecord<String, byte[]> record = received(standard.createKafkaMessage(message, "enclave.events"));

        DomainEventMessage<?> expected = (DomainEventMessage<?>) standard.readKafkaMessage(record).orElseThrow();
        DomainEventMessage<?> read = (DomainEventMessage<?>) converter.readKafkaMessage(record).orElseThrow();

        assertThat(read.getIdentifier()).isEqualTo(expected.getIdentifier()).isEqualTo("m-1");
        assertThat(read.getType()).isEqualTo(expected.getType()).isEqualTo("Enclave");
        assertThat(read.getAggregateIdentifier()).isEqualTo(expected.getAggregateIdentifier()).isEqualTo("growth");
        assertThat(read.getSequenceNumber()).isEqualTo(expected.getSequenceNumber()).isEqualTo(7);
        assertThat(read.getTimestamp()).isEqualTo(expected.getTimestamp()).isEqualTo(T1);
        assertThat(read.getPayloadType()).isEqualTo(expected.getPayloadType()).isEqualTo(MemberRegistered.class);
        assertThat(read.getPayload()).isEqualTo(expected.getPayload()).isEqualTo(event);
        assertThat(read.getMetaData()).isEqualTo(expected.getMetaData()).isEqualTo(message.getMetaData());
    }

    @Test
    void anEventOfNoAggregateStaysOne() {
        var message = new GenericEventMessage<>(new MemberRegistered(EnclaveId.of("growth"), UserId.of("U0BOB"), T1),
                Map.of(MetadataKeys.ACTOR, "U0ALICE"));
        ConsumerRecord<String, byte[]> record = received(standard.createKafkaMessage(message, "enclave.events"));

        EventMessage<?> read = converter.readKafkaMessage(record).orElseThrow();

        assertThat(read).isNotInstanceOf(DomainEventMessage.class);
        assertThat(read.getIdentifier()).isEqualTo(message.getIdentifier());
        assertThat(read.getMetaData()).isEqualTo(standard.readKafkaMessage(record).orElseThrow().getMetaData());
    }

    @Test
    void aRecordThatCarriesNoAxonMessageIsPassedOver() {
        var record = new ConsumerRecord<>("enclave.events", 0, 0L, "growth", "{}".getBytes());

        assertThat(converter.readKafkaMessage(record)).isEqualTo(Optional.empty())
                .isEqualTo(standard.readKafkaMessage(record));
    }

    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 42L, T1.toEpochMilli(), TimestampType.CREATE_TIME, -1, -1,
                sent.key(), sent.value(), new RecordHeaders(sent.headers().toArray()), Optional.empty());
    }
}
