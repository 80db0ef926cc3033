package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;

import java.time.Instant;
import java.util.Objects;

/**
 * A meeting time everyone can attend, {@code [start, end)}. Its confidence is the weakest any participant
 * stated for any part of it: a slot is only as sure as its least sure attendee.
 */
public record CandidateSlot(Instant start, Instant end, Confidence confidence) {

    public CandidateSlot {
        Objects.requireNonNull(start, "slot start is required");
        Objects.requireNonNull(end, "slot end is required");
        Objects.requireNonNull(confidence, "slot confidence is required");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("slot start " + start + " must be before its end " + end);
        }
    }

    boolean overlaps(CandidateSlot other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }
}
