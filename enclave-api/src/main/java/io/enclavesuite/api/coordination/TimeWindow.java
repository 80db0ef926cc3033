package io.enclavesuite.api.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open stretch of time [start, end): the only thing a participant discloses about their calendar, with how
 * sure they are of it. Half-open, so a window ending at 10:00 and one starting at 10:00 touch without overlapping.
 * A window that states no confidence means {@link Confidence#HIGH}: "I am free then".
 */
public record TimeWindow(Instant start, Instant end, Confidence confidence) {

    public TimeWindow {
        Objects.requireNonNull(start, "a window needs a start");
        Objects.requireNonNull(end, "a window needs an end");
        if (!start.isBefore(end)) {
            // never the times: a refusal reason is stored and outlives the room
            throw new IllegalArgumentException("a window must start before it ends");
        }
        confidence = confidence == null ? Confidence.DEFAULT : confidence;
    }

    /** A window stated with the default confidence. */
    public TimeWindow(Instant start, Instant end) {
        this(start, end, Confidence.DEFAULT);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    /** True when {@code other} lies wholly inside this window, whatever either's confidence. */
    public boolean contains(TimeWindow other) {
        return !other.start.isBefore(start) && !other.end.isAfter(end);
    }
}
