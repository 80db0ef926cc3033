package io.enclavesuite.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: a tiny rebuild converges onto the new cluster, every deletion is repaired, and it is reported. */
class RebuildBenchmarkTest {

    @Test
    void aSmallFleetIsRebuiltOntoAnEmptyClusterAndEachDeletedObjectComesBack() throws Exception {
        RebuildBenchmark.Result result = RebuildBenchmark.run(3, 2, 5, 50);
        System.out.println(RebuildBenchmark.report(result));

        // per enclave at least the namespace, its guardrails, a CronJob and a Deployment; the first with a Secret
        assertThat(result.objects()).isGreaterThan(3 * 10);
        assertThat(result.rebuild()).isPositive();
        assertThat(result.repairs()).hasSize(5).allSatisfy(d -> assertThat(d).isPositive());
        assertThat(RebuildBenchmark.report(result)).contains("objects/s", "p50 / p99");
    }

    @Test
    void tentaclesAlternateScheduledAndLongRunningAndEveryFourthEnclaveHasADatabase() {
        assertThat(RebuildBenchmark.deployTentacle("e-0", 0, 0)).contains("\"schedule\"", "postgres");
        assertThat(RebuildBenchmark.deployTentacle("e-1", 0, 1)).contains("\"schedule\"").doesNotContain("postgres");
        assertThat(RebuildBenchmark.deployTentacle("e-0", 1, 0)).doesNotContain("schedule", "postgres");
    }
}
