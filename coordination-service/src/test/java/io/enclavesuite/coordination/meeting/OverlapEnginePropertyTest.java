package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the overlap engine, checked by jqwik on generated meetings (a one-minute grid, up to five people,
 * mostly office-hour windows so that they meet often enough to matter) against a minute-by-minute brute force.
 * jqwik shrinks a failing meeting to a small one and prints it with its seed.
 */
class OverlapEnginePropertyTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-23T00:00:00Z");
    private static final int DAY = 24 * 60;

    /** A generated meeting: the search range and duration in minutes of the day, the windows per participant. */
    record Meeting(int rangeFrom, int rangeTo, int minutes, int maxCandidates,
                   Map<String, List<TimeWindow>> windows) {
    }

    @Provide
    Arbitrary<Meeting> meetings() {
        Arbitrary<TimeWindow> window = Combinators.combine(
                        Arbitraries.integers().between(6 * 60, 18 * 60 - 1),
                        Arbitraries.integers().between(5, 364),
                        Arbitraries.of(Confidence.class))
                .as((start, length, confidence) -> new TimeWindow(minute(start), minute(Math.min(DAY, start + length)),
                        confidence));
        Arbitrary<Map<String, List<TimeWindow>>> participants = window.list().ofMinSize(1).ofMaxSize(6).list().ofMinSize(1)
                .ofMaxSize(5).map(lists -> {
                    Map<String, List<TimeWindow>> byParticipant = new LinkedHashMap<>();
                    for (int p = 0; p < lists.size(); p++) {
                        byParticipant.put("participant-" + p, lists.get(p));
                    }
                    return byParticipant;
                });
        return Combinators.combine(Arbitraries.integers().between(0, 599), Arbitraries.integers().between(6 * 60, DAY),
                        Arbitraries.integers().between(5, 120), Arbitraries.integers().between(1, 8), participants)
                .as((from, span, minutes, max, windows) ->
                        new Meeting(from, Math.min(DAY, from + span), minutes, max, windows));
    }

    @Property(tries = 2_000, seed = "20261123")
    void theOverlapAndTheSlotsAreWhatTheMinuteByMinuteOracleSays(@ForAll("meetings") Meeting meeting) {
        var overlap = new OverlapEngine(meeting.maxCandidates()).find(meeting.windows(),
                MeetingDuration.ofMinutes(meeting.minutes()),
                new SearchRange(minute(meeting.rangeFrom()), minute(meeting.rangeTo())));

        Confidence[] common = bruteForceCommon(meeting.windows(), meeting.rangeFrom(), meeting.rangeTo());
        String trial = meeting.toString();
        assertCommonOverlapMatches(overlap.commonOverlap(), common, meeting.minutes(), trial);
        assertSlotsAreValid(overlap.candidates(), meeting.windows(), common, meeting.rangeFrom(), meeting.rangeTo(),
                meeting.minutes(), meeting.maxCandidates(), trial);
        assertFirstSlotIsTheOptimum(overlap.candidates(), common, meeting.minutes(), trial);
        // Guards against a generator that drifts into exercising only one of the two outcomes.
        Statistics.label("outcome").collect(overlap.hasCandidates() ? "a slot" : "no slot");
        Statistics.label("outcome").coverage(coverage -> {
            coverage.check("a slot").percentage(p -> p > 15);
            coverage.check("no slot").percentage(p -> p > 5);
        });
    }

    /** Per minute of the day: the weakest over participants of the strongest window each has there, or null. */
    private static Confidence[] bruteForceCommon(Map<String, List<TimeWindow>> windows, int from, int to) {
        Confidence[] common = new Confidence[DAY];
        for (int m = from; m < to; m++) {
            Confidence weakest = Confidence.HIGH;
            for (List<TimeWindow> own : windows.values()) {
                Confidence strongest = null;
                for (TimeWindow w : own) {
                    if (covers(w, m)) {
                        strongest = strongest == null ? w.confidence() : Confidence.strongest(strongest, w.confidence());
                    }
                }
                weakest = strongest == null ? null : Confidence.weakest(weakest, strongest);
                if (weakest == null) {
                    break;
                }
            }
            common[m] = weakest;
        }
        return common;
    }

    private static void assertCommonOverlapMatches(List<TimeWindow> overlap, Confidence[] common, int minutes,
                                                   String trial) {
        Confidence[] expected = new Confidence[DAY];
        int m = 0;
        while (m < DAY) {
            if (common[m] == null) {
                m++;
                continue;
            }
            int runEnd = m;
            while (runEnd < DAY && common[runEnd] != null) {
                runEnd++;
            }
            if (runEnd - m >= minutes) {
                System.arraycopy(common, m, expected, m, runEnd - m);
            }
            m = runEnd;
        }

        Confidence[] actual = new Confidence[DAY];
        for (int i = 0; i < overlap.size(); i++) {
            TimeWindow w = overlap.get(i);
            if (i > 0) {
                TimeWindow previous = overlap.get(i - 1);
                assertThat(previous.end()).as(trial + ": overlap sorted and disjoint").isBeforeOrEqualTo(w.start());
                if (previous.end().equals(w.start())) {
                    assertThat(previous.confidence()).as(trial + ": touching entries differ").isNotEqualTo(w.confidence());
                }
            }
            for (int x = minuteOf(w.start()); x < minuteOf(w.end()); x++) {
                actual[x] = w.confidence();
            }
        }
        assertThat(actual).as(trial + ": common overlap per minute").containsExactly(expected);
    }

    private static void assertSlotsAreValid(List<CandidateSlot> slots, Map<String, List<TimeWindow>> windows,
                                            Confidence[] common, int rangeFrom, int rangeTo, int minutes,
                                            int maxCandidates, String trial) {
        assertThat(slots).as(trial + ": at most the limit").hasSizeLessThanOrEqualTo(maxCandidates);
        for (int i = 0; i < slots.size(); i++) {
            CandidateSlot slot = slots.get(i);
            int start = minuteOf(slot.start());
            int end = minuteOf(slot.end());
            assertThat(Duration.between(slot.start(), slot.end())).as(trial).isEqualTo(Duration.ofMinutes(minutes));
            assertThat(start).as(trial + ": inside the range").isGreaterThanOrEqualTo(rangeFrom);
            assertThat(end).as(trial + ": inside the range").isLessThanOrEqualTo(rangeTo);
            Confidence weakest = Confidence.HIGH;
            for (int m = start; m < end; m++) {
                for (var participant : windows.entrySet()) {
                    int minute = m;
                    assertThat(participant.getValue().stream().anyMatch(w -> covers(w, minute)))
                            .as(trial + ": " + slot + " inside the windows of " + participant.getKey() + " at " + minute)
                            .isTrue();
                }
                weakest = Confidence.weakest(weakest, common[m]);
            }
            assertThat(slot.confidence()).as(trial + ": weakest confidence of " + slot).isEqualTo(weakest);
            for (int j = 0; j < i; j++) {
                CandidateSlot better = slots.get(j);
                assertThat(better.overlaps(slot)).as(trial + ": " + better + " and " + slot + " overlap").isFalse();
                boolean ranked = better.confidence().isStrongerThan(slot.confidence())
                        || better.confidence() == slot.confidence() && better.start().isBefore(slot.start());
                assertThat(ranked).as(trial + ": " + better + " ranked before " + slot).isTrue();
            }
        }
    }

    private static void assertFirstSlotIsTheOptimum(List<CandidateSlot> slots, Confidence[] common, int minutes,
                                                    String trial) {
        CandidateSlot best = null;
        for (int start = 0; start + minutes <= DAY; start++) {
            Confidence weakest = Confidence.HIGH;
            for (int m = start; m < start + minutes && weakest != null; m++) {
                weakest = common[m] == null ? null : Confidence.weakest(weakest, common[m]);
            }
            if (weakest != null && (best == null || weakest.isStrongerThan(best.confidence()))) {
                best = new CandidateSlot(minute(start), minute(start + minutes), weakest);
            }
        }
        if (best == null) {
            assertThat(slots).as(trial + ": no slot exists").isEmpty();
        } else {
            assertThat(slots).as(trial + ": best slot first").first().isEqualTo(best);
        }
    }

    private static boolean covers(TimeWindow w, int minute) {
        return w.contains(new TimeWindow(minute(minute), minute(minute + 1)));
    }

    private static Instant minute(int m) {
        return MIDNIGHT.plus(Duration.ofMinutes(m));
    }

    private static int minuteOf(Instant instant) {
        return (int) Duration.between(MIDNIGHT, instant).toMinutes();
    }
}
