package io.enclavesuite.bench;

import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.coordination.meeting.OverlapEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Not a timing test: the baseline must compute what the engine computes, or the speed-up would mean nothing. */
class OverlapBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {20, 0})
    void theNaiveBaselineFindsTheEnginesCommonOverlap(int jitter) {
        var room = OverlapBenchmark.room(40, 12, jitter, new Random(7));
        var engine = new OverlapEngine().find(room, OverlapBenchmark.ONE_HOUR, OverlapBenchmark.TWO_WEEKS);

        assertThat(engine.candidates()).isNotEmpty();
        assertThat(OverlapBenchmark.sameCover(engine.commonOverlap(),
                OverlapBenchmark.naiveCommonOverlap(room, OverlapBenchmark.TWO_WEEKS))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 0})
    void theComparisonNoticesADifference(int jitter) {
        var room = OverlapBenchmark.room(40, 12, jitter, new Random(7));
        List<TimeWindow> engine = new ArrayList<>(new OverlapEngine()
                .find(room, OverlapBenchmark.ONE_HOUR, OverlapBenchmark.TWO_WEEKS).commonOverlap());
        TimeWindow first = engine.get(0);
        engine.set(0, new TimeWindow(first.start(), first.end().minus(Duration.ofMinutes(1)), first.confidence()));

        assertThat(OverlapBenchmark.sameCover(engine,
                OverlapBenchmark.naiveCommonOverlap(room, OverlapBenchmark.TWO_WEEKS))).isFalse();
    }
}
