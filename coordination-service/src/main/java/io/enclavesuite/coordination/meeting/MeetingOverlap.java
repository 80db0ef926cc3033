package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.TimeWindow;

import java.util.List;

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
}
