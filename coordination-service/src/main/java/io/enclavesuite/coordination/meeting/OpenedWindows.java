package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every participant's windows, opened by {@link RoomKeyCommands} for the one decision that needs the overlap and
 * never kept: the room holds only their sealed copies.
 */
record OpenedWindows(Map<UserId, List<TimeWindow>> byParticipant) {

    OpenedWindows {
        byParticipant = Collections.unmodifiableMap(new LinkedHashMap<>(byParticipant));
    }

    MeetingOverlap overlap(OverlapEngine engine, MeetingDuration duration, SearchRange range) {
        Map<String, List<TimeWindow>> windows = new LinkedHashMap<>();
        byParticipant.forEach((participant, opened) -> windows.put(participant.value(), opened));
        return engine.find(windows, duration, range);
    }
}
