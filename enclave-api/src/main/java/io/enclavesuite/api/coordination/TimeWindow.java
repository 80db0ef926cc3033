package io.enclavesuite.api.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open stretch of time [start, end): the only thing a participant discloses about their calendar. */
public record TimeWindow(Instant start, Instant end) {

    public TimeWindow {
        Objects.requireNonNull(start, "a window needs a start");
        Objects.requireNonNull(end, "a window needs an end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("a window must start before it ends (" + start + " → " + end + ")");
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public boolean contains(TimeWindow other) {
        return !other.start.isBefore(start) && !other.end.isAfter(end);
    }
}
