package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * How long the meeting is: whole minutes, from one minute to one day. A plain {@link Duration} would admit zero,
 * negative and nanosecond lengths, and the suite's mapper writes it as {@code 1800.000000000} seconds; this type
 * is written as ISO-8601 ({@code "PT30M"}), like the instants beside it.
 */
public record MeetingDuration(Duration length) {

    public static final Duration MINIMUM = Duration.ofMinutes(1);
    public static final Duration MAXIMUM = Duration.ofDays(1);

    public MeetingDuration {
        Objects.requireNonNull(length, "meeting duration is required");
        if (length.compareTo(MINIMUM) < 0 || length.compareTo(MAXIMUM) > 0) {
            throw new IllegalArgumentException("meeting duration " + length + " must be between " + MINIMUM
                    + " and " + MAXIMUM);
        }
        if (length.toSecondsPart() != 0 || length.toNanosPart() != 0) {
            throw new IllegalArgumentException("meeting duration " + length + " must be whole minutes");
        }
    }

    public static MeetingDuration ofMinutes(long minutes) {
        return new MeetingDuration(Duration.ofMinutes(minutes));
    }

    /** Accepts ISO-8601 durations such as {@code PT45M} or {@code PT1H30M}. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MeetingDuration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("meeting duration is required");
        }
        try {
            return new MeetingDuration(Duration.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT30M", e);
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return length.toString();
    }
}
