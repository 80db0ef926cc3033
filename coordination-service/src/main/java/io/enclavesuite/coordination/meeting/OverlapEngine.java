package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Finds when every participant of a meeting sync is free, and the best slots to propose.
 *
 * <p>Rules, in the order they apply:
 * <ol>
 *   <li>Windows are half-open and clipped to the search range.</li>
 *   <li>One participant's overlapping or touching windows merge into one stretch; where several of their windows
 *       cover the same instant, the <em>strongest</em> confidence stated for it holds. A participant who says
 *       "maybe 9–12" and "surely 10–11" is surely free 10–11: a broad hedge does not weaken a precise promise.</li>
 *   <li>Across participants the <em>weakest</em> confidence holds, because the meeting needs all of them.</li>
 *   <li>Stretches of common time shorter than the meeting are dropped.</li>
 *   <li>Slots are ranked by their weakest confidence (a slot that is HIGH throughout first), then by earliest
 *       start. For each confidence level, strongest first, slots are laid back to back from the start of every
 *       stretch that is at least that sure; a slot overlapping an already chosen, better one is skipped. The
 *       first slot returned is therefore the true optimum, and the others are distinct choices a person can
 *       pick from.</li>
 * </ol>
 * Pure and stateless: the aggregate calls it with what participants submitted and records the result.
 */
public final class OverlapEngine {

    public static final int DEFAULT_MAX_CANDIDATES = 5;

    private static final Comparator<CandidateSlot> BEST_FIRST =
            Comparator.comparing(CandidateSlot::confidence).thenComparing(CandidateSlot::start);

    private final int maxCandidates;

    public OverlapEngine() {
        this(DEFAULT_MAX_CANDIDATES);
    }

    public OverlapEngine(int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("at least one candidate slot must be asked for, not " + maxCandidates);
        }
        this.maxCandidates = maxCandidates;
    }

    public MeetingOverlap find(Map<String, List<TimeWindow>> windowsByParticipant, MeetingDuration duration,
                               SearchRange range) {
        Objects.requireNonNull(windowsByParticipant, "participants' windows are required");
        Objects.requireNonNull(duration, "meeting duration is required");
        Objects.requireNonNull(range, "search range is required");
        if (windowsByParticipant.isEmpty()) {
            throw new IllegalArgumentException("at least one participant is required");
        }

        List<TimeWindow> common = null;
        for (var entry : windowsByParticipant.entrySet()) {
            List<TimeWindow> availability = availabilityOf(entry.getKey(), entry.getValue(), range);
            common = common == null ? availability : intersect(common, availability);
        }

        Duration length = duration.length();
        List<TimeWindow> longEnough = new ArrayList<>();
        for (List<TimeWindow> stretch : stretches(common, Confidence.LOW)) {
            if (spanOf(stretch).compareTo(length) >= 0) {
                longEnough.addAll(stretch);
            }
        }
        return new MeetingOverlap(longEnough, candidates(longEnough, length));
    }

    /** One participant's windows as sorted, disjoint segments, each with the strongest confidence stated for it. */
    static List<TimeWindow> availabilityOf(String participant, List<TimeWindow> windows, SearchRange range) {
        if (participant == null || participant.isBlank()) {
            throw new IllegalArgumentException("participant id is required");
        }
        if (windows == null) {
            throw new IllegalArgumentException("windows of participant '" + participant
                    + "' are missing; send an empty list when they are never free");
        }
        record Edge(Instant at, Confidence confidence, int delta) {}
        List<Edge> edges = new ArrayList<>();
        for (TimeWindow window : windows) {
            Objects.requireNonNull(window, () -> "participant '" + participant + "' sent a null window");
            range.clip(window).ifPresent(clipped -> {
                edges.add(new Edge(clipped.start(), clipped.confidence(), +1));
                edges.add(new Edge(clipped.end(), clipped.confidence(), -1));
            });
        }
        edges.sort(Comparator.comparing(Edge::at));

        // Sweep: open[c] counts the windows of confidence c covering the current instant.
        int[] open = new int[Confidence.values().length];
        List<TimeWindow> segments = new ArrayList<>();
        int i = 0;
        while (i < edges.size()) {
            Instant at = edges.get(i).at();
            while (i < edges.size() && edges.get(i).at().equals(at)) {
                open[edges.get(i).confidence().ordinal()] += edges.get(i).delta();
                i++;
            }
            Confidence strongest = strongestOpen(open); // null after the last edge: every window is closed
            if (strongest != null) {
                appendCoalescing(segments, new TimeWindow(at, edges.get(i).at(), strongest));
            }
        }
        return segments;
    }

    private static Confidence strongestOpen(int[] open) {
        for (Confidence confidence : Confidence.values()) {
            if (open[confidence.ordinal()] > 0) {
                return confidence;
            }
        }
        return null;
    }

    /** Where both are free, with the weaker of the two confidences; both inputs sorted and disjoint. */
    static List<TimeWindow> intersect(List<TimeWindow> a, List<TimeWindow> b) {
        List<TimeWindow> result = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            TimeWindow x = a.get(i);
            TimeWindow y = b.get(j);
            Instant start = later(x.start(), y.start());
            Instant end = earlier(x.end(), y.end());
            if (start.isBefore(end)) {
                appendCoalescing(result, new TimeWindow(start, end, Confidence.weakest(x.confidence(), y.confidence())));
            }
            if (x.end().isBefore(y.end())) {
                i++;
            } else {
                j++;
            }
        }
        return result;
    }

    private static void appendCoalescing(List<TimeWindow> segments, TimeWindow next) {
        if (!segments.isEmpty()) {
            TimeWindow last = segments.get(segments.size() - 1);
            if (last.end().equals(next.start()) && last.confidence() == next.confidence()) {
                segments.set(segments.size() - 1, new TimeWindow(last.start(), next.end(), last.confidence()));
                return;
            }
        }
        segments.add(next);
    }

    /** Unbroken runs of touching segments that are each at least {@code atLeast} sure. */
    private static List<List<TimeWindow>> stretches(List<TimeWindow> segments, Confidence atLeast) {
        List<List<TimeWindow>> stretches = new ArrayList<>();
        List<TimeWindow> current = new ArrayList<>();
        for (TimeWindow segment : segments) {
            if (segment.confidence().isStrongerThan(atLeast) || segment.confidence() == atLeast) {
                if (!current.isEmpty() && !current.get(current.size() - 1).end().equals(segment.start())) {
                    stretches.add(current);
                    current = new ArrayList<>();
                }
                current.add(segment);
            } else if (!current.isEmpty()) {
                stretches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            stretches.add(current);
        }
        return stretches;
    }

    private List<CandidateSlot> candidates(List<TimeWindow> common, Duration length) {
        List<CandidateSlot> chosen = new ArrayList<>();
        for (Confidence level : Confidence.values()) {
            for (List<TimeWindow> stretch : stretches(common, level)) {
                Instant stretchEnd = stretch.get(stretch.size() - 1).end();
                for (Instant start = stretch.get(0).start(); !start.plus(length).isAfter(stretchEnd);
                     start = start.plus(length)) {
                    if (chosen.size() == maxCandidates) {
                        return sorted(chosen);
                    }
                    Instant end = start.plus(length);
                    var slot = new CandidateSlot(start, end, weakestWithin(stretch, start, end));
                    if (chosen.stream().noneMatch(slot::overlaps)) {
                        chosen.add(slot);
                    }
                }
            }
        }
        return sorted(chosen);
    }

    private static List<CandidateSlot> sorted(List<CandidateSlot> slots) {
        slots.sort(BEST_FIRST);
        return slots;
    }

    private static Confidence weakestWithin(List<TimeWindow> stretch, Instant start, Instant end) {
        Confidence weakest = Confidence.HIGH;
        for (TimeWindow segment : stretch) {
            if (segment.start().isBefore(end) && start.isBefore(segment.end())) {
                weakest = Confidence.weakest(weakest, segment.confidence());
            }
        }
        return weakest;
    }

    private static Duration spanOf(List<TimeWindow> stretch) {
        return Duration.between(stretch.get(0).start(), stretch.get(stretch.size() - 1).end());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
