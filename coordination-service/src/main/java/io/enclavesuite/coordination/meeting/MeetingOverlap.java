package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.TimeWindow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the overlap engine found.
 *
 * @param commonOverlap the time every participant is free, inside the search range, in order. Each entry has one
 *                      weakest confidence; entries that touch belong to one unbroken stretch, and only stretches
 *                      at least the meeting's length are listed.
 * @param candidates    the best slots, best first, none overlapping another
 */
public record MeetingOverlap(List<TimeWindow> commonOverlap, List<CandidateSlot> candidates) {

    public MeetingOverlap {
        commonOverlap = List.copyOf(commonOverlap);
        candidates = List.copyOf(candidates);
    }

    public boolean hasCandidates() {
        return !candidates.isEmpty();
    }

    /** The candidates as the windows a room proposes, best first. */
    List<TimeWindow> bestSlots() {
        return candidates.stream().map(slot -> new TimeWindow(slot.start(), slot.end(), slot.confidence())).toList();
    }

    /**
     * The slot with the weakest confidence of the common overlap it spans, when it lies wholly inside it (across
     * touching stretches too); empty when some part of it is not common time.
     */
    Optional<TimeWindow> within(TimeWindow slot) {
        Instant covered = slot.start();
        Confidence confidence = Confidence.HIGH;
        for (TimeWindow piece : commonOverlap) {
            if (!piece.start().isAfter(covered) && piece.end().isAfter(covered)) {
                confidence = Confidence.weakest(confidence, piece.confidence());
                covered = piece.end();
                if (!covered.isBefore(slot.end())) {
                    return Optional.of(new TimeWindow(slot.start(), slot.end(), confidence));
                }
            }
        }
        return Optional.empty();
    }
}
