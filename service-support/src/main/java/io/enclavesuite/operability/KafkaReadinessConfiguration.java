package io.enclavesuite.operability;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.HashMap;
import java.util.Map;

/** The readiness group's {@code kafka}, for any service that imports it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaHealthProperties.class)
public class KafkaReadinessConfiguration {

    /**
     * The cluster answers within {@code enclave.health.kafka-timeout}. Its admin client has an id of its own
     * ({@code <client-id>-health}): Kafka registers each client id once per JVM.
     */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka, KafkaHealthProperties health,
                                              Environment environment) {
        Map<String, Object> admin = new HashMap<>(kafka.buildAdminProperties(null));
        // Spring Boot's own spring.application.name, not a key of the suite's
        Object clientId = admin.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG,
                environment.getProperty("spring.application.name", "enclave"));
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-health");
        return new KafkaHealthIndicator(admin, health.kafkaTimeout());
    }
}
