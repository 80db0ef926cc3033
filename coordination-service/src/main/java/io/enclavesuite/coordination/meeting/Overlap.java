package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.TimeWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Where everyone is free: the intersection of every participant's windows inside the search range, kept only where
 * it is long enough for the meeting. Pure and deterministic, so the same submissions always give the same answer
 * (and a room's outcome can be recomputed from its events).
 */
public final class Overlap {

    private Overlap() {
    }

    /**
     * @param windows  each participant's submitted windows, in any order, possibly overlapping
     * @param range    the room's search range; windows are clipped to it
     * @param duration the meeting's length; shorter common stretches are dropped
     * @return the common stretches, earliest first; empty when any participant has no window in range
     */
    public static List<TimeWindow> common(Map<String, ? extends Collection<TimeWindow>> windows, TimeWindow range,
                                          Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the meeting duration must be positive");
        }
        if (windows.isEmpty()) {
            return List.of();
        }
        List<TimeWindow> common = List.of(range);
        for (Collection<TimeWindow> participant : windows.values()) {
            common = intersect(common, merged(participant, range));
            if (common.isEmpty()) {
                return List.of();
            }
        }
        return common.stream().filter(w -> w.length().compareTo(duration) >= 0).toList();
    }

    /** Candidate slots of exactly {@code duration}, one at the start of each common stretch, earliest first. */
    public static List<TimeWindow> earliestSlots(List<TimeWindow> common, Duration duration, int limit) {
        return common.stream().limit(limit)
                .map(w -> new TimeWindow(w.start(), w.start().plus(duration))).toList();
    }

    /** One participant's windows clipped to the range, sorted, with overlapping or touching windows joined. */
    static List<TimeWindow> merged(Collection<TimeWindow> windows, TimeWindow range) {
        List<TimeWindow> clipped = windows.stream()
                .map(w -> clip(w, range)).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(TimeWindow::start)).toList();
        List<TimeWindow> merged = new ArrayList<>();
        for (TimeWindow w : clipped) {
            TimeWindow last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !w.start().isAfter(last.end())) {
                merged.set(merged.size() - 1, new TimeWindow(last.start(), max(last.end(), w.end())));
            } else {
                merged.add(w);
            }
        }
        return merged;
    }

    /** Both lists sorted and disjoint; a two-pointer sweep. */
    static List<TimeWindow> intersect(List<TimeWindow> a, List<TimeWindow> b) {
        List<TimeWindow> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            Instant start = max(a.get(i).start(), b.get(j).start());
            Instant end = min(a.get(i).end(), b.get(j).end());
            if (start.isBefore(end)) {
                result.add(new TimeWindow(start, end));
            }
            if (a.get(i).end().isBefore(b.get(j).end())) {
                i++;
            } else {
                j++;
            }
        }
        return result;
    }

    private static TimeWindow clip(TimeWindow w, TimeWindow range) {
        Instant start = max(w.start(), range.start());
        Instant end = min(w.end(), range.end());
        return start.isBefore(end) ? new TimeWindow(start, end) : null;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
