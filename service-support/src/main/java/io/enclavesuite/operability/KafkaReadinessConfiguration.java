package io.enclavesuite.operability;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The readiness group's {@code kafka}, for any service that imports it. */
@Configuration(proxyBeanMethods = false)
public class KafkaReadinessConfiguration {

    /**
     * The cluster answers within {@code enclave.health.kafka-timeout}. Its admin client has an id of its own
     * ({@code <client-id>-health}): Kafka registers each client id once per JVM.
     */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka,
                                              @Value("${enclave.health.kafka-timeout:2s}") Duration timeout,
                                              @Value("${spring.application.name:enclave}") String application) {
        Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties(null));
        Object clientId = admin.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, application);
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-health");
        return new KafkaHealthIndicator(admin, timeout);
    }
}
