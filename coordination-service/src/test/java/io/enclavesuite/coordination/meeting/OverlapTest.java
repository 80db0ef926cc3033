package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.TimeWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlapTest {

    private static final Instant DAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final TimeWindow WEEK = new TimeWindow(DAY, DAY.plus(Duration.ofDays(7)));
    private static final Duration HOUR = Duration.ofHours(1);

    private static TimeWindow at(int fromHour, int toHour) {
        return new TimeWindow(DAY.plus(Duration.ofHours(fromHour)), DAY.plus(Duration.ofHours(toHour)));
    }

    @Test
    void theCommonStretchOfThreePeopleIsFound() {
        var common = Overlap.common(Map.of(
                "alice", List.of(at(9, 12)),
                "bob", List.of(at(10, 14)),
                "carol", List.of(at(8, 11), at(15, 17))), WEEK, HOUR);

        assertThat(common).containsExactly(at(10, 11));
    }

    @Test
    void aStretchShorterThanTheMeetingIsDropped() {
        var common = Overlap.common(Map.of("alice", List.of(at(9, 12)), "bob", List.of(at(11, 13))), WEEK,
                Duration.ofMinutes(90));

        assertThat(common).isEmpty();
    }

    @Test
    void touchingAndOverlappingWindowsOfOnePersonJoin() {
        var common = Overlap.common(Map.of(
                "alice", List.of(at(11, 13), at(9, 10), at(10, 11), at(12, 12 + 2)),
                "bob", List.of(at(9, 14))), WEEK, Duration.ofHours(5));

        assertThat(common).containsExactly(at(9, 14));
    }

    @Test
    void somebodyWithoutWindowsMeansNoOverlap() {
        assertThat(Overlap.common(Map.of("alice", List.of(at(9, 12)), "bob", List.of()), WEEK, HOUR)).isEmpty();
    }

    @Test
    void windowsAreClippedToTheSearchRange() {
        TimeWindow morning = at(8, 12);

        var common = Overlap.common(Map.of("alice", List.of(at(6, 10)), "bob", List.of(at(7, 11))), morning, HOUR);

        assertThat(common).containsExactly(at(8, 10));
    }

    @Test
    void earliestSlotsStartEachCommonStretch() {
        var common = List.of(at(10, 12), at(15, 16), at(18, 20));

        assertThat(Overlap.earliestSlots(common, HOUR, 2)).containsExactly(at(10, 11), at(15, 16));
    }

    @Test
    void aWindowThatEndsBeforeItStartsCannotExist() {
        assertThatThrownBy(() -> at(12, 9)).hasMessageStartingWith("a window must start before it ends");
        assertThatThrownBy(() -> Overlap.common(Map.of(), WEEK, Duration.ZERO))
                .hasMessage("the meeting duration must be positive");
    }

    /**
     * Random submissions (fixed seed), checked by an oracle that shares no code with the engine: every half-hour
     * point of a common stretch is covered by some window of every participant (windows start on whole hours).
     */
    @Test
    void everyCommonStretchIsFreeForEveryone() {
        Random random = new Random(20261122);
        for (int round = 0; round < 500; round++) {
            Map<String, List<TimeWindow>> windows = new LinkedHashMap<>();
            for (int p = 0; p < 3 + random.nextInt(4); p++) {
                List<TimeWindow> mine = new ArrayList<>();
                for (int w = 0; w < 1 + random.nextInt(5); w++) {
                    int from = random.nextInt(7 * 24 - 1);
                    mine.add(at(from, from + 1 + random.nextInt(8)));
                }
                windows.put("p" + p, mine);
            }
            Duration duration = Duration.ofMinutes(30L * (1 + random.nextInt(4)));

            for (TimeWindow stretch : Overlap.common(windows, WEEK, duration)) {
                assertThat(stretch.length()).isGreaterThanOrEqualTo(duration);
                assertThat(WEEK.contains(stretch)).isTrue();
                for (Instant t = stretch.start(); t.isBefore(stretch.end()); t = t.plus(Duration.ofMinutes(30))) {
                    Instant point = t;
                    windows.values().forEach(mine -> assertThat(mine).anySatisfy(w ->
                            assertThat(!point.isBefore(w.start()) && point.isBefore(w.end())).isTrue()));
                }
            }
        }
    }
}
