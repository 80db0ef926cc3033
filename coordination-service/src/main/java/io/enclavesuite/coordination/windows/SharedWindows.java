package io.enclavesuite.coordination.windows;

import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.WindowOpener;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way to see the windows participants shared and the times of the room's proposals: only a participant,
 * only while the room is open. The room is
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

    /**
     * A current proposal with its time, who made it ({@code null}: the room, from everyone's windows) and who has
     * accepted or acknowledged it.
     */
    public record OpenProposal(int number, TimeWindow slot, UserId proposedBy, List<UserId> acceptedBy,
                               List<UserId> acknowledgedBy) {
    }

    public record Proposals(CoordinationId room, List<OpenProposal> proposals) {
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
        Room read = readOpen(room, reader);
        List<ParticipantWindows> shared = new ArrayList<>();
        read.windows.forEach((participant, sealed) ->
                shared.add(new ParticipantWindows(participant, opener.open(room, participant, sealed))));
        return new View(room, shared);
    }

    /** The room's current proposals with their times, in the order they were made: only a participant, only while open. */
    public Proposals proposalsFor(CoordinationId room, UserId reader) {
        Room read = readOpen(room, reader);
        List<OpenProposal> open = new ArrayList<>();
        read.proposals.forEach((number, proposal) -> open.add(new OpenProposal(number,
                opener.openProposal(room, number, proposal.slot()), read.proposers.get(number),
                whoseValueIs(read.acceptances, number), whoHas(read.acknowledgements, number))));
        return new Proposals(room, open);
    }

    private static List<UserId> whoseValueIs(Map<UserId, Integer> byParticipant, int number) {
        return byParticipant.entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).toList();
    }

    private static List<UserId> whoHas(Map<UserId, Set<Integer>> byParticipant, int number) {
        return byParticipant.entrySet().stream().filter(e -> e.getValue().contains(number)).map(Map.Entry::getKey)
                .toList();
    }

    /** What the room's own events say, from the first (not a snapshot), as the room itself keeps it. */
    private static final class Room {
        List<UserId> participants = List.of();
        CoordinationStatus status;
        final Map<UserId, SealedWindows> windows = new LinkedHashMap<>();
        final Map<Integer, Proposal> proposals = new LinkedHashMap<>();
        final Map<Integer, UserId> proposers = new HashMap<>();
        final Map<UserId, Integer> acceptances = new LinkedHashMap<>();
        final Map<UserId, Set<Integer>> acknowledgements = new LinkedHashMap<>();

        void on(Object event) {
            if (event instanceof CoordinationCreated created) {
                participants = created.participants();
                status = CoordinationStatus.PENDING;
            } else if (event instanceof CoordinationOpened) {
                status = CoordinationStatus.OPEN;
            } else if (event instanceof WindowsSubmitted submitted) {
                windows.put(submitted.participant(), submitted.windows());
                proposals.clear();
                acceptances.clear();
                acknowledgements.clear();
            } else if (event instanceof SlotsProposed proposed) {
                proposed.candidates().forEach(p -> propose(p, null));
            } else if (event instanceof SlotProposed proposed) {
                propose(proposed.proposal(), proposed.participant());
            } else if (event instanceof SlotCountered countered) {
                propose(countered.alternative(), countered.participant());
                acceptances.remove(countered.participant(), countered.rejected());
            } else if (event instanceof SlotAccepted accepted) {
                acceptances.put(accepted.participant(), accepted.proposal());
            } else if (event instanceof WindowsAcknowledged acknowledged) {
                acknowledgements.computeIfAbsent(acknowledged.participant(), p -> new HashSet<>())
                        .add(acknowledged.proposal());
            } else if (event instanceof CoordinationResolved) {
                status = CoordinationStatus.RESOLVED;
            } else if (event instanceof CoordinationExpired) {
                status = CoordinationStatus.EXPIRED;
            } else if (event instanceof CoordinationAborted) {
                status = CoordinationStatus.ABORTED;
            } else if (event instanceof CoordinationDataShredded) {
                windows.clear();
                proposals.clear();
            }
        }

        /** The first to propose a time keeps it; a proposal from before slots were sealed has no time to show. */
        private void propose(Proposal proposal, UserId by) {
            if (proposal.sealed() && proposals.putIfAbsent(proposal.number(), proposal) == null && by != null) {
                proposers.put(proposal.number(), by);
            }
        }
    }

    private Room readOpen(CoordinationId room, UserId reader) {
        Room read = new Room();
        events.readEvents(room.value(), 0L).asStream().forEach(message -> read.on(message.getPayload()));
        if (read.status == null || !read.participants.contains(reader)) {
            throw new NotAParticipant(room);
        }
        if (read.status != CoordinationStatus.OPEN) {
            throw new NotOpen(room, read.status);
        }
        return read;
    }
}
