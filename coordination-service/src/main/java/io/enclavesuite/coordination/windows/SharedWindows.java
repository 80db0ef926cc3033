package io.enclavesuite.coordination.windows;

import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.WindowOpener;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way to see the windows participants shared: only a participant, only while the room is open. The room is
 * read from its own events (from the first, not a snapshot) and the windows are opened with the room's key for
 * this answer only; nothing keeps them in clear.
 */
@Component
public class SharedWindows {

    /** One participant's current windows. */
    public record ParticipantWindows(UserId participant, List<TimeWindow> windows) {
    }

    public record View(CoordinationId room, List<ParticipantWindows> windows) {
    }

    /** The room does not exist or the reader is not in it: the same answer, so existence does not leak. */
    public static class NotAParticipant extends RuntimeException {
        NotAParticipant(CoordinationId room) {
            super("no room '" + room.value() + "' with you in it");
        }
    }

    public static class NotOpen extends RuntimeException {
        NotOpen(CoordinationId room, CoordinationStatus status) {
            super("room '" + room.value() + "' is " + status.name().toLowerCase(java.util.Locale.ROOT)
                    + ": windows are shown only while a room is open");
        }
    }

    private final EventStore events;
    private final WindowOpener opener;

    public SharedWindows(EventStore events, WindowOpener opener) {
        this.events = events;
        this.opener = opener;
    }

    public View windowsFor(CoordinationId room, UserId reader) {
        List<UserId> participants = List.of();
        CoordinationStatus status = null;
        Map<UserId, SealedWindows> latest = new LinkedHashMap<>();
        for (var iterator = events.readEvents(room.value(), 0L).asStream().iterator(); iterator.hasNext(); ) {
            Object event = iterator.next().getPayload();
            if (event instanceof CoordinationCreated created) {
                participants = created.participants();
                status = CoordinationStatus.PENDING;
            } else if (event instanceof CoordinationOpened) {
                status = CoordinationStatus.OPEN;
            } else if (event instanceof WindowsSubmitted submitted) {
                latest.put(submitted.participant(), submitted.windows());
            } else if (event instanceof CoordinationResolved) {
                status = CoordinationStatus.RESOLVED;
            } else if (event instanceof CoordinationExpired) {
                status = CoordinationStatus.EXPIRED;
            } else if (event instanceof CoordinationAborted) {
                status = CoordinationStatus.ABORTED;
            } else if (event instanceof CoordinationDataShredded) {
                latest.clear();
            }
        }
        if (status == null || !participants.contains(reader)) {
            throw new NotAParticipant(room);
        }
        if (status != CoordinationStatus.OPEN) {
            throw new NotOpen(room, status);
        }
        List<ParticipantWindows> shared = new ArrayList<>();
        latest.forEach((participant, sealed) ->
                shared.add(new ParticipantWindows(participant, opener.open(room, participant, sealed))));
        return new View(room, shared);
    }
}
