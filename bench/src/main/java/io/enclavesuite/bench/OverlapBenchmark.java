package io.enclavesuite.bench;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.coordination.meeting.MeetingOverlap;
import io.enclavesuite.coordination.meeting.OverlapEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The overlap engine on a large room — by default 1,000 participants with 50 windows each over two working weeks —
 * against a naive baseline measured in the same run: intersect the running common availability with each
 * participant's windows pair by pair (every common piece against every window), then sort and merge the pieces.
 * Both must find the same common overlap; the benchmark checks that before it reports.
 */
public final class OverlapBenchmark {

    static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");
    static final SearchRange TWO_WEEKS = new SearchRange(MONDAY, MONDAY.plus(Duration.ofDays(14)));
    static final MeetingDuration ONE_HOUR = MeetingDuration.ofMinutes(60);

    public static void main(String[] args) {
        int participants = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        System.out.printf(Locale.ROOT, "%d participants x %d windows over two weeks, a one-hour meeting%n",
                participants, windows);
        System.out.println("| calendars | common overlap pieces | overlap engine, ms per run (median) "
                + "| naive pairwise intersection, ms per run (median) | speed-up |");
        System.out.println("|---|---|---|---|---|");
        for (int jitter : new int[] {20, 0}) {
            Map<String, List<TimeWindow>> room = room(participants, windows, jitter, new Random(20261123L));
            OverlapEngine engine = new OverlapEngine();
            MeetingOverlap result = engine.find(room, ONE_HOUR, TWO_WEEKS);
            if (!sameCover(result.commonOverlap(), naiveCommonOverlap(room, TWO_WEEKS))) {
                throw new IllegalStateException("the baseline and the engine disagree; the numbers would mean nothing");
            }
            double engineMillis = millisPerRun(() -> engine.find(room, ONE_HOUR, TWO_WEEKS), 30, 100);
            double naiveMillis = millisPerRun(() -> naiveCommonOverlap(room, TWO_WEEKS), 3, 10);
            System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.1fx |%n",
                    jitter > 0 ? "windows start up to " + jitter + " min apart" : "aligned (everyone the same grid)",
                    result.commonOverlap().size(), engineMillis, naiveMillis, naiveMillis / engineMillis);
        }
    }

    /**
     * Each participant is free on weekdays between 08:00 and 18:00 in five pieces a day — starting up to
     * {@code jitterMinutes} apart between people, or all alike when it is 0 — and
     * everyone keeps Wednesday of the second week 13:00–15:00 free, so a 1,000-person room still has an answer.
     */
    static Map<String, List<TimeWindow>> room(int participants, int windowsEach, int jitterMinutes, Random random) {
        Map<String, List<TimeWindow>> room = new LinkedHashMap<>();
        Instant sharedStart = MONDAY.plus(Duration.ofDays(9)).plus(Duration.ofHours(13));
        Instant sharedEnd = sharedStart.plus(Duration.ofHours(2));
        for (int p = 0; p < participants; p++) {
            List<TimeWindow> own = new ArrayList<>();
            int perDay = 5;
            for (int w = 0; w < windowsEach - 1; w++) {
                int day = (w / perDay) % 10;
                Instant dayStart = MONDAY.plus(Duration.ofDays(day < 5 ? day : day + 2)).plus(Duration.ofHours(8));
                int slot = w % perDay;
                long startMinute = slot * 120L + (jitterMinutes == 0 ? 0 : random.nextInt(jitterMinutes));
                long length = jitterMinutes == 0 ? 90 : 60 + random.nextInt(60);
                own.add(new TimeWindow(dayStart.plus(Duration.ofMinutes(startMinute)),
                        dayStart.plus(Duration.ofMinutes(startMinute + length)),
                        Confidence.values()[random.nextInt(Confidence.values().length)]));
            }
            own.add(new TimeWindow(sharedStart, sharedEnd, Confidence.HIGH));
            room.put("participant-" + p, own);
        }
        return room;
    }

    /** The baseline: no sweep, no sorted merge — every piece against every window, then tidy up. */
    static List<TimeWindow> naiveCommonOverlap(Map<String, List<TimeWindow>> room, SearchRange range) {
        List<TimeWindow> common = List.of(new TimeWindow(range.from(), range.to(), Confidence.HIGH));
        for (List<TimeWindow> own : room.values()) {
            List<TimeWindow> next = new ArrayList<>();
            for (TimeWindow piece : common) {
                for (TimeWindow window : own) {
                    Instant start = piece.start().isAfter(window.start()) ? piece.start() : window.start();
                    Instant end = piece.end().isBefore(window.end()) ? piece.end() : window.end();
                    if (start.isBefore(end)) {
                        next.add(new TimeWindow(start, end, Confidence.weakest(piece.confidence(), window.confidence())));
                    }
                }
            }
            common = merge(next);
        }
        return common;
    }

    /** Sorted, overlapping pieces merged; where pieces overlap the stronger confidence wins, as the engine does. */
    private static List<TimeWindow> merge(List<TimeWindow> pieces) {
        List<Instant> cuts = new ArrayList<>();
        for (TimeWindow piece : pieces) {
            cuts.add(piece.start());
            cuts.add(piece.end());
        }
        cuts.sort(Comparator.naturalOrder());
        List<TimeWindow> merged = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            Instant from = cuts.get(i);
            Instant to = cuts.get(i + 1);
            if (!from.isBefore(to)) {
                continue;
            }
            Confidence strongest = null;
            for (TimeWindow piece : pieces) {
                if (!piece.start().isAfter(from) && !piece.end().isBefore(to)) {
                    strongest = strongest == null ? piece.confidence() : Confidence.strongest(strongest, piece.confidence());
                }
            }
            if (strongest != null) {
                TimeWindow last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
                if (last != null && last.end().equals(from) && last.confidence() == strongest) {
                    merged.set(merged.size() - 1, new TimeWindow(last.start(), to, strongest));
                } else {
                    merged.add(new TimeWindow(from, to, strongest));
                }
            }
        }
        return merged;
    }

    /** The engine drops stretches shorter than the meeting; compare only what both keep at least that long. */
    static boolean sameCover(List<TimeWindow> engine, List<TimeWindow> naive) {
        List<TimeWindow> longEnough = new ArrayList<>();
        for (TimeWindow piece : naive) {
            boolean inEngine = engine.stream().anyMatch(e -> !e.start().isAfter(piece.start())
                    && !e.end().isBefore(piece.end()) && e.confidence() == piece.confidence());
            boolean partOfLongStretch = Duration.between(stretchStart(naive, piece), stretchEnd(naive, piece))
                    .compareTo(ONE_HOUR.length()) >= 0;
            if (partOfLongStretch) {
                longEnough.add(piece);
                if (!inEngine) {
                    return false;
                }
            }
        }
        return longEnough.size() == engine.size();
    }

    private static Instant stretchStart(List<TimeWindow> pieces, TimeWindow piece) {
        int i = pieces.indexOf(piece);
        while (i > 0 && pieces.get(i - 1).end().equals(pieces.get(i).start())) {
            i--;
        }
        return pieces.get(i).start();
    }

    private static Instant stretchEnd(List<TimeWindow> pieces, TimeWindow piece) {
        int i = pieces.indexOf(piece);
        while (i + 1 < pieces.size() && pieces.get(i).end().equals(pieces.get(i + 1).start())) {
            i++;
        }
        return pieces.get(i).end();
    }

    /** Median wall time of {@code runs} runs after {@code warmup} runs. */
    static double millisPerRun(Runnable computation, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            computation.run();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            computation.run();
            times[i] = (System.nanoTime() - start) / 1_000_000.0;
        }
        java.util.Arrays.sort(times);
        return times[runs / 2];
    }

    private OverlapBenchmark() {
    }
}
