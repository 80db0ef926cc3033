package io.enclavesuite.query.infrastructure;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.eventtopics.EventTopicRetention;
import io.enclavesuite.eventtopics.SuiteEventTypes;
import io.enclavesuite.eventtopics.TrustedEventConverter;
import io.enclavesuite.operability.SuiteTopicsProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * One streamable Kafka source over both event topics — the team enclaves' ({@code enclave.events}) and the
 * coordination side's ({@code coordination.events}) — for every processor of the read side. A processor handles
 * what its handlers know and passes over the rest. (Declaring it replaces the extension's single-topic source.)
 * Only the suite's own event types are read ({@link TrustedEventConverter}): any other record is parked, never loaded.
 * The start waits for {@link EventTopicRetention}: both topics must keep every record.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SuiteTopicsProperties.class)
public class EventTopicsConfiguration {

    public static final String SOURCE = "eventTopicsSource";

    @Bean
    TopicNames topicNames(SuiteTopicsProperties topics) {
        return new TopicNames(topics.topicPrefix());
    }

    /** Refuses the start while an event topic would let old events go: a rebuild would silently miss them. */
    @Bean
    EventTopicRetention eventTopicRetention(KafkaProperties kafka, SuiteTopicsProperties suiteTopics,
                                            TopicNames topics) {
        return EventTopicRetention.of(kafka, suiteTopics, List.of(topics.enclaveEvents(), topics.coordinationEvents()));
    }

    @Bean(SOURCE)
    @SuppressWarnings({"unchecked", "rawtypes"})
    StreamableKafkaMessageSource<?, ?> eventTopicsSource(TopicNames topics, ConsumerFactory consumers, Fetcher fetcher,
                                                         KafkaMessageConverter<String, byte[]> converter,
                                                         @Qualifier("eventSerializer") Serializer serializer,
                                                         SuiteEventTypes eventTypes) {
        return StreamableKafkaMessageSource.builder()
                .topics(List.of(topics.enclaveEvents(), topics.coordinationEvents()))
                .consumerFactory(consumers)
                .fetcher((Fetcher<Object, Object, KafkaEventMessage>) fetcher)
                .messageConverter(new TrustedEventConverter(new HeaderMetaDataConverter(converter, serializer), eventTypes))
                .serializer(serializer)
                .build();
    }
}
