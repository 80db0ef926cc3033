package io.enclavesuite.query.infrastructure;

import io.enclavesuite.eventtopics.ParkedEventGroups;
import io.enclavesuite.eventtopics.ParkedEventsConfiguration;
import io.enclavesuite.query.axon.ReadSideEventProcessing;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The read side stores no events: its processors read the event topics through the Axon Kafka extension's
 * streamable source, and keep their tracking tokens in PostgreSQL beside the read models they update, so a
 * projection's row and its token commit together.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadSideProcessors.class)
@Import(ParkedEventsConfiguration.class)
public class AxonConfiguration {

    /** No event store here: a plain event bus keeps Axon from wiring one over tables this service lacks. */
    @Bean
    EventBus eventBus() {
        return SimpleEventBus.builder().build();
    }

    /**
     * Axon's event processing, with each tracking processor's handlers asked through a caching invoker
     * ({@link ReadSideEventProcessing}). Axon's auto-configuration steps back for this bean; it built a plain
     * {@code EventProcessingModule} and configures whichever there is.
     */
    @Bean
    EventProcessingModule eventProcessingModule() {
        return new ReadSideEventProcessing();
    }

    /**
     * Each read model parks the events it cannot handle — a handler that throws, a record refused at the topic — in
     * its own dead letters, with the reason, and goes on ({@link ParkedEventsConfiguration}; docs/operations.md,
     * "Parked events"). One poison record no longer holds up every read model.
     */
    @Bean
    ParkedEventGroups parkedEventGroups() {
        return new ParkedEventGroups(ReadSideProcessors.READ_MODELS);
    }

    /**
     * For a processing group without dead letters (none today: {@link #parkedEventGroups()} names them all), a handler
     * that throws rolls its unit of work back and the processor retries the event with backoff. Axon's default only
     * logs and moves on, which would leave a projection behind the events for good.
     */
    @Bean
    ConfigurerModule failuresAreRetriedNotSkipped() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }

    /**
     * Every processing group of this service is a read model; {@link ReadSideProcessors} says which processor runs
     * it (a processing group is its own processor unless assigned).
     */
    @Bean
    ConfigurerModule readModelsToProcessors(ReadSideProcessors processors) {
        return configurer -> configurer.eventProcessing().assignProcessingGroup(processors::processorOf);
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(TokenSchema.builder().build())
                .build();
    }
}
