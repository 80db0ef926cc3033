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

        assertThat(latencies.total()).hasSize(32).allSatisfy(latency -> assertThat(latency).isPositive()
                .isLessThan(Duration.ofMinutes(5)));
        // the two parts add up to the whole, each measured (the event's time lies between send and visible)
        assertThat(latencies.toEvent()).hasSize(32).allSatisfy(part -> assertThat(part).isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(latencies.toKafka()).hasSize(32).allSatisfy(part -> assertThat(part).isGreaterThanOrEqualTo(Duration.ZERO));
        assertThat(latencies.toReadModel()).hasSize(32).allSatisfy(part -> assertThat(part).isGreaterThanOrEqualTo(Duration.ZERO));
        for (int i = 0; i < 32; i++) {
            assertThat(latencies.toEvent().get(i).plus(latencies.toKafka().get(i)).plus(latencies.toReadModel().get(i)))
                    .isEqualTo(latencies.total().get(i));
        }
    }
}
