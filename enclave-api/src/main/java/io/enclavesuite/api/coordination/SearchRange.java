package io.enclavesuite.api.coordination;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The stretch of time a meeting sync looks for a slot in, half-open: {@code [from, to)}. */
public record SearchRange(Instant from, Instant to) {

    public SearchRange {
        Objects.requireNonNull(from, "search range start is required");
        Objects.requireNonNull(to, "search range end is required");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("search range start " + from + " must be before its end " + to);
        }
    }

    /** The part of the window inside this range, keeping its confidence; empty when they do not overlap. */
    public Optional<TimeWindow> clip(TimeWindow window) {
        Instant start = window.start().isAfter(from) ? window.start() : from;
        Instant end = window.end().isBefore(to) ? window.end() : to;
        return start.isBefore(end) ? Optional.of(new TimeWindow(start, end, window.confidence())) : Optional.empty();
    }
}
