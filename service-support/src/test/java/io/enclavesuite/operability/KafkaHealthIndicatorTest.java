package io.enclavesuite.operability;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness group's Kafka check against the test broker, and against a port where no broker listens. */
class KafkaHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aReachableClusterIsUpWithItsIdAndBrokers() {
        KafkaHealthIndicator kafka = indicator(TestInfrastructure.get().kafkaBootstrapServers());
        try {
            Health health = kafka.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("clusterId").containsEntry("brokers", 1);
        } finally {
            kafka.destroy();
        }
    }

    @Test
    void noBrokerIsDownWithinTheTimeout() throws IOException {
        KafkaHealthIndicator kafka = indicator("localhost:" + closedPort());
        try {
            Instant began = Instant.now();
            Health health = kafka.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.between(began, Instant.now())).isLessThan(TIMEOUT.plusSeconds(2));
        } finally {
            kafka.destroy();
        }
    }

    private static KafkaHealthIndicator indicator(String bootstrapServers) {
        return new KafkaHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), TIMEOUT);
    }

    /** A port that was free a moment ago: nothing listens there. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
