package io.enclavesuite.operability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The readiness group's {@code kafka} check ({@code enclave.health.*}).
 *
 * @param kafkaTimeout how long the check waits for {@code describeCluster}; keep it below the probe's timeout
 */
@ConfigurationProperties("enclave.health")
public record KafkaHealthProperties(@DefaultValue("2s") Duration kafkaTimeout) {

    public KafkaHealthProperties {
        if (kafkaTimeout == null || kafkaTimeout.isNegative() || kafkaTimeout.isZero()) {
            throw new IllegalArgumentException("enclave.health.kafka-timeout must be positive, not " + kafkaTimeout);
        }
    }
}
