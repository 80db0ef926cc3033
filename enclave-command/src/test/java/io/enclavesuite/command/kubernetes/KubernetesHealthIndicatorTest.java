package io.enclavesuite.command.kubernetes;

import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness group's Kubernetes check against the test API server (the mock, or K3s with Docker), and against a
 * port where none listens.
 */
class KubernetesHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void anAnsweringApiServerIsUpWithItsVersion() {
        try (KubernetesClient client = TestInfrastructure.get().newKubernetesClient()) {
            KubernetesHealthIndicator kubernetes = new KubernetesHealthIndicator(client, TIMEOUT);
            try {
                Health health = kubernetes.health();

                assertThat(health.getStatus()).as("%s", health.getDetails()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsKey("server");
            } finally {
                kubernetes.destroy();
            }
        }
    }

    @Test
    void noApiServerIsDownWithinTheTimeout() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://localhost:" + closed).withRequestRetryBackoffLimit(0).build()).build()) {
            KubernetesHealthIndicator kubernetes = new KubernetesHealthIndicator(client, TIMEOUT);
            try {
                Instant began = Instant.now();
                Health health = kubernetes.health();

                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(Duration.between(began, Instant.now())).isLessThan(TIMEOUT.plusSeconds(1));
            } finally {
                kubernetes.destroy();
            }
        }
    }
}
