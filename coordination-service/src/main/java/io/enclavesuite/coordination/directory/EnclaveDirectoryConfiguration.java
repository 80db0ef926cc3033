package io.enclavesuite.coordination.directory;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.eventtopics.EventTopicRetention;
import io.enclavesuite.operability.SuiteTopicsProperties;
import io.enclavesuite.eventtopics.ParkedEventGroups;
import io.enclavesuite.eventtopics.ParkedEventsConfiguration;
import io.enclavesuite.eventtopics.SuiteEventTypes;
import io.enclavesuite.eventtopics.TrustedEventConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.util.List;

/**
 * The enclave directory reads {@code enclave.events} trusting only the suite's own event types
 * ({@link TrustedEventConverter}), and parks what it cannot handle — a refused record, a handler that throws — in its
 * dead letters instead of retrying it for good ({@link ParkedEventsConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ParkedEventsConfiguration.class)
class EnclaveDirectoryConfiguration {

    @Bean
    ParkedEventGroups parkedEventGroups() {
        return new ParkedEventGroups(List.of(EnclaveDirectoryProjection.PROCESSING_GROUP));
    }

    /** A new directory starts from the first record of {@code enclave.events}: it must keep everything. */
    @Bean
    EventTopicRetention eventTopicRetention(KafkaProperties kafka, SuiteTopicsProperties suiteTopics,
                                            TopicNames topics) {
        return EventTopicRetention.of(kafka, suiteTopics, List.of(topics.enclaveEvents()));
    }

    /** Replaces the Kafka extension's source of the same name (which reads with the converter as it is). */
    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    StreamableKafkaMessageSource<?, ?> streamableKafkaMessageSource(TopicNames topics, ConsumerFactory consumers,
                                                                    Fetcher fetcher,
                                                                    KafkaMessageConverter<String, byte[]> converter,
                                                                    @Qualifier("eventSerializer") Serializer serializer,
                                                                    SuiteEventTypes eventTypes) {
        return StreamableKafkaMessageSource.builder()
                .topics(List.of(topics.enclaveEvents()))
                .consumerFactory(consumers)
                .fetcher((Fetcher<Object, Object, KafkaEventMessage>) fetcher)
                .messageConverter(new TrustedEventConverter(converter, eventTypes))
                .serializer(serializer)
                .build();
    }
}
