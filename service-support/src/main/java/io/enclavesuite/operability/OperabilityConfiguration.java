package io.enclavesuite.operability;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.time.Clock;

/**
 * What every service (the two write services and the read side) imports to be operated: the log context of each
 * handled message, processor lag, saga and deadline counters, the Kafka metrics of Axon's Kafka source, and the
 * Kafka health indicator its readiness group names ({@code kafka}). See docs/operations.md.
 */
@Configuration(proxyBeanMethods = false)
@Import(KafkaReadinessConfiguration.class)
public class OperabilityConfiguration {

    /**
     * First among the command bus's handler interceptors (Axon registers every such bean there), so the command
     * deduplication and the handler already log with the command's ids.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    MessageHandlerInterceptor<CommandMessage<?>> commandLogContext() {
        return new MessageLogContext<>();
    }

    /**
     * On every event processor, sagas and the Kafka publisher included: the log context first, then the lag. Not
     * declared as interceptor beans, which Axon would register a second time.
     */
    @Bean
    ConfigurerModule eventHandlingObserved(MeterRegistry registry) {
        Clock clock = Clock.systemUTC();
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> new MessageLogContext<>())
                .registerDefaultHandlerInterceptor((configuration, processor) ->
                        new ProcessorLag(registry, processor, clock));
    }

    /**
     * Deadlines are handled by the deadline manager, not a processor or the command bus: it gets the log context
     * and the deadline counter itself. Registered before the context is ready, and db-scheduler starts only then.
     */
    @Bean
    SmartInitializingSingleton deadlinesObserved(ObjectProvider<DeadlineManager> deadlineManagers,
                                                 MeterRegistry registry) {
        return () -> deadlineManagers.ifAvailable(deadlines -> {
            deadlines.registerHandlerInterceptor(new MessageLogContext<>());
            deadlines.registerHandlerInterceptor(new DeadlineOutcomes(registry));
        });
    }

    @Bean
    SagaSteps sagaSteps(MeterRegistry registry) {
        return new SagaSteps(registry);
    }

    /** Static: a post-processor is made before the other beans, and must not pull them in early. */
    @Bean
    static AxonKafkaConsumerMetrics axonKafkaConsumerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new AxonKafkaConsumerMetrics(registry);
    }
}
