package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
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

/**
 * Random inputs on a one-minute grid, checked against a minute-by-minute brute force. A fixed seed keeps a failure
 * reproducible; the trial number in the message points at the input.
 */
class OverlapEnginePropertyTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-23T00:00:00Z");
    private static final int DAY = 24 * 60;
    private static final int TRIALS = 2_000;

    private int meetingsWithSlots;
    private int meetingsWithout;

    @Test
    void everySlotLiesInsideEveryParticipantsWindowsAndTheFirstIsTheBest() {
        Random random = new Random(20261123L);
        for (int trial = 0; trial < TRIALS; trial++) {
            checkOneRandomMeeting(random, "trial " + trial);
        }
        // Guards against a generator that drifts into exercising only one of the two outcomes.
        assertThat(meetingsWithSlots).as("meetings with a slot").isGreaterThan(TRIALS / 4);
        assertThat(meetingsWithout).as("meetings without a slot").isGreaterThan(TRIALS / 20);
    }

    private void checkOneRandomMeeting(Random random, String trial) {
        int rangeFrom = random.nextInt(600);
        int rangeTo = rangeFrom + 60 + random.nextInt(DAY - rangeFrom - 59);
        int minutes = 5 + random.nextInt(116);
        int maxCandidates = 1 + random.nextInt(8);
        Map<String, List<TimeWindow>> windows = new LinkedHashMap<>();
        int participants = 1 + random.nextInt(5);
        for (int p = 0; p < participants; p++) {
            List<TimeWindow> own = new ArrayList<>();
            int count = random.nextInt(7);
            for (int w = 0; w < count; w++) {
                // Mostly office hours, so that several people's windows meet often enough to matter.
                int start = 6 * 60 + random.nextInt(12 * 60);
                int end = Math.min(DAY, start + 5 + random.nextInt(360));
                own.add(new TimeWindow(minute(start), minute(end),
                        Confidence.values()[random.nextInt(Confidence.values().length)]));
            }
            windows.put("participant-" + p, own);
        }

        var overlap = new OverlapEngine(maxCandidates).find(windows, MeetingDuration.ofMinutes(minutes),
                new SearchRange(minute(rangeFrom), minute(rangeTo)));

        Confidence[] common = bruteForceCommon(windows, rangeFrom, rangeTo);
        assertCommonOverlapMatches(overlap.commonOverlap(), common, minutes, trial);
        assertSlotsAreValid(overlap.candidates(), windows, common, rangeFrom, rangeTo, minutes, maxCandidates, trial);
        assertFirstSlotIsTheOptimum(overlap.candidates(), common, minutes, trial);
        if (overlap.hasCandidates()) {
            meetingsWithSlots++;
        } else {
            meetingsWithout++;
        }
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
