package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code enclave.health.kubernetes-timeout}: how long the readiness check waits for the API server. */
@ConfigurationProperties("enclave.health")
public record KubernetesHealthProperties(@DefaultValue("2s") Duration kubernetesTimeout) {

    public KubernetesHealthProperties {
        if (kubernetesTimeout.isNegative() || kubernetesTimeout.isZero()) {
            throw new IllegalArgumentException("enclave.health.kubernetes-timeout must be positive");
        }
    }
}
