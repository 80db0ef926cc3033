package io.enclavesuite.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: the benchmark's two runs, small, do what they claim to measure. */
class ReadSideBenchmarkTest {

    @Test
    void theRebuildReadsEveryEventItWroteIntoEveryReadModel() throws Exception {
        ReadSideBenchmark.Rebuild rebuild = ReadSideBenchmark.rebuild(500); // checks the history holds them all

        assertThat(rebuild.events()).isEqualTo(500);
        assertThat(rebuild.processors()).extracting(p -> p.processor() + " " + p.state() + " " + p.eventsDone())
                .containsExactly("projections done 500");
    }

    @Test
    void everyCommandSentIsTimedUntilItsRowIsVisible() throws Exception {
        var latencies = ReadSideBenchmark.visibility(20, 2, 2);

        assertThat(latencies).hasSize(32).allSatisfy(latency -> assertThat(latency).isPositive()
                .isLessThan(Duration.ofMinutes(5)));
    }
}
