package io.enclavesuite.operability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Kafka client metrics of the consumers behind Axon's Kafka source (the read side's processors, the coordination
 * service's enclave directory), which Spring Boot does not see: it binds only the consumers of Spring Kafka's own
 * factory (the command intake's). Each consumer gets a client id of its own ({@code <client-id>-source-<n>}) — the
 * extension makes one per processor segment, all with the configured id, which would make their meters collide —
 * and its meters ({@code kafka.consumer.*}, among them {@code kafka.consumer.fetch.manager.records.lag.max}) are
 * removed again when the source closes it.
 */
public class AxonKafkaConsumerMetrics implements BeanPostProcessor {

    private final ObjectProvider<MeterRegistry> registry;

    public AxonKafkaConsumerMetrics(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DefaultConsumerFactory<?, ?> factory) {
            return new Metered<>(factory.configurationProperties(), registry);
        }
        return bean;
    }

    static final class Metered<K, V> implements ConsumerFactory<K, V> {

        private final Map<String, Object> configuration;
        private final ObjectProvider<MeterRegistry> registry;
        private final String clientId;
        private final AtomicInteger made = new AtomicInteger();

        Metered(Map<String, Object> configuration, ObjectProvider<MeterRegistry> registry) {
            this.configuration = Map.copyOf(configuration);
            this.registry = registry;
            Object configured = configuration.get(ConsumerConfig.CLIENT_ID_CONFIG);
            this.clientId = configured == null || configured.toString().isBlank() ? "axon" : configured.toString();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Consumer<K, V> createConsumer(String groupId) {
            Map<String, Object> own = new HashMap<>(configuration);
            own.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-source-" + made.incrementAndGet());
            Consumer<K, V> consumer = new DefaultConsumerFactory<K, V>(own).createConsumer(groupId);
            MeterRegistry meters = registry.getIfAvailable();
            if (meters == null) {
                return consumer;
            }
            // Prometheus wants one set of tag keys per meter name: the intake consumers' meters (Spring Kafka's
            // MicrometerConsumerListener) carry spring.id, so these carry it too
            KafkaClientMetrics metrics = new KafkaClientMetrics(consumer,
                    List.of(Tag.of("spring.id", "axonKafkaSource." + own.get(ConsumerConfig.CLIENT_ID_CONFIG))));
            metrics.bindTo(meters);
            return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
                    new Class<?>[]{Consumer.class}, (proxy, method, args) -> {
                        try {
                            return method.invoke(consumer, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            if (method.getName().equals("close")) {
                                metrics.close();
                            }
                        }
                    });
        }
    }
}
