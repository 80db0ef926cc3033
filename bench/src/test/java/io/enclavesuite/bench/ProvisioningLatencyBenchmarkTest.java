package io.enclavesuite.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: a short run must measure every enclave it sent, with positive latencies. */
class ProvisioningLatencyBenchmarkTest {

    @Test
    void everySentCommandIsMeasuredOnceItsOutcomeIsSeen() throws Exception {
        ProvisioningLatencyBenchmark.Result result = ProvisioningLatencyBenchmark.run(5, 20, 2);

        assertThat(result.activation()).hasSize(5).allSatisfy(d -> assertThat(d).isPositive());
        assertThat(result.deployment()).hasSize(5).allSatisfy(d -> assertThat(d).isPositive());
    }

    @Test
    void percentilesAreNearestRank() {
        List<Duration> values = List.of(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30),
                Duration.ofMillis(40));

        assertThat(ProvisioningLatencyBenchmark.percentile(values, 50)).isEqualTo(Duration.ofMillis(20));
        assertThat(ProvisioningLatencyBenchmark.percentile(values, 99)).isEqualTo(Duration.ofMillis(40));
        assertThat(ProvisioningLatencyBenchmark.percentile(values, 100)).isEqualTo(Duration.ofMillis(40));
    }
}
