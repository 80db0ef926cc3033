package io.enclavesuite.operability;

import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The readiness group's Kafka check against the test broker, and against a "broker" that never answers. */
class KafkaHealthIndicatorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** For a broker that does answer: the first call (a new client, a loaded machine) may take longer than 2 s. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @Test
    void aReachableClusterIsUpWithItsIdAndBrokers() {
        KafkaHealthIndicator kafka = new KafkaHealthIndicator(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()), PATIENCE);
        try {
            Health health = kafka.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("clusterId").containsEntry("brokers", 1);
        } finally {
            kafka.destroy();
        }
    }

    @Test
    void aBrokerThatNeverAnswersIsDownWithinTheConfiguredTimeout() {
        try (SilentServer silent = SilentServer.start()) {
            List<DescribeClusterOptions> asked = new CopyOnWriteArrayList<>();
            KafkaHealthIndicator kafka = new KafkaHealthIndicator(() -> new ForwardingAdmin(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, silent.address())) {
                @Override
                public DescribeClusterResult describeCluster(DescribeClusterOptions options) {
                    asked.add(options);
                    return super.describeCluster(options);
                }
            }, TIMEOUT);
            try {
                Health health = kafka.health();

                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                // the client's defaults would wait 30 s and more; the question carried the configured timeout
                assertThat(asked).extracting(DescribeClusterOptions::timeoutMs).containsExactly((int) TIMEOUT.toMillis());
                assertThat(health.getDetails().get("error")).asString().contains("TimeoutException");
            } finally {
                kafka.destroy();
            }
        }
    }
}
