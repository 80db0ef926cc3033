package io.enclavesuite.command.kubernetes;

import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness group's Kubernetes check against the test API server (the mock, or K3s with Docker), and against an
 * API server that takes the connection and never answers.
 */
class KubernetesHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** For a server that does answer: the first call (a new client, a loaded machine) may take longer than 2 s. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);
    /** The client's own timeouts, far beyond the indicator's. */
    private static final int CLIENT_PATIENCE = (int) Duration.ofMinutes(5).toMillis();

    @Test
    void anAnsweringApiServerIsUpWithItsVersion() {
        try (KubernetesClient client = TestInfrastructure.get().newKubernetesClient()) {
            KubernetesHealthIndicator kubernetes = new KubernetesHealthIndicator(client, PATIENCE);
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
    void anApiServerThatNeverAnswersIsDownAtTheIndicatorsTimeout() {
        try (SilentServer silent = SilentServer.start();
             // the client itself would wait five minutes: only the indicator's timeout can end this check
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                     .withMasterUrl("http://" + silent.address()).withRequestRetryBackoffLimit(0)
                     .withConnectionTimeout(CLIENT_PATIENCE).withRequestTimeout(CLIENT_PATIENCE).build()).build()) {
            KubernetesHealthIndicator kubernetes = new KubernetesHealthIndicator(client, TIMEOUT);
            try {
                Health health = kubernetes.health();

                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails().get("error")).asString()
                        .startsWith(TimeoutException.class.getName()); // the indicator's own wait gave up
            } finally {
                kubernetes.destroy();
            }
        }
    }
}
