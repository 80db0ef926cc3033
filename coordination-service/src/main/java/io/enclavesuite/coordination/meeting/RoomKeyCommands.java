package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.coordination.sealing.RoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
import io.enclavesuite.trust.RoomSeals;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The room commands that need the room's key, handled around the {@link Coordination} aggregate so that it decides
 * without touching keys: this makes the key pair of a room the aggregate accepts, opens a submission or a slot its
 * sender sealed so that the aggregate can check it, opens the windows and the current proposals for a decision on
 * the overlap once the aggregate has checked everything it can without them, opens the proposal everyone accepted so
 * the room resolves on its time, and destroys the key when the aggregate shreds the room. Each step runs in the command's unit of
 * work, so the key table and the room's events commit or roll back together: a refused command leaves neither.
 */
public class RoomKeyCommands {

    private final Repository<Coordination> rooms;
    private final RoomKeys keys;
    private final WindowOpener opener;

    public RoomKeyCommands(Repository<Coordination> rooms, RoomKeys keys, WindowOpener opener) {
        this.rooms = rooms;
        this.keys = keys;
        this.opener = opener;
    }

    /**
     * Answers the new room's id, as a creating aggregate command handler does. The initiator's limit of rooms per hour
     * is counted first, in the same unit of work: a room refused later counts nothing.
     */
    @CommandHandler
    public CoordinationId handle(CreateCoordination command, @MetaDataValue(MetadataKeys.ACTOR) String actor,
                                 Clock clock, CoordinationLimits limits, DeadlineManager deadlines,
                                 Initiators initiators) throws Exception {
        Instant now = clock.instant();
        NewRoom asked = NewRoom.check(command, actor, now, limits); // a room refused for what it asks counts nothing
        initiators.roomStarted(asked.initiator(), command.coordinationId(), now, limits.roomsPerHour());
        RoomPublicKey roomKey = keys.create(command.coordinationId());
        rooms.newInstance(() -> new Coordination(command, actor, now, limits, deadlines, roomKey));
        return command.coordinationId();
    }

    /**
     * The sender sealed the windows to the room; they are opened here only to be checked, and the room records them
     * as they came. Windows that do not open with the room's key are refused — the reason says why, never what.
     */
    @CommandHandler
    public void handle(SubmitWindows command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                       CoordinationLimits limits, OverlapEngine engine) {
        Aggregate<Coordination> room = load(command.coordinationId());
        UserId participant = room.invoke(r -> r.checkSubmitter(actor));
        List<TimeWindow> windows;
        try {
            windows = opener.open(command.coordinationId(), participant, command.windows());
        } catch (RoomSeals.NotSealedToThisRoom e) {
            throw new CoordinationRefused("the windows do not open with room " + command.coordinationId()
                    + "'s key: " + e.getMessage() + " — seal them to the room's roomKey, as " + participant);
        } catch (WindowOpener.WindowsShredded e) {
            throw keyGone(command.coordinationId());
        }
        Instant now = clock.instant();
        if (room.invoke(r -> r.submit(command, actor, limits, windows, now))) {
            OpenedWindows open = open(room, command.coordinationId());
            room.execute(r -> r.proposeBestSlots(open, engine, now));
        }
    }

    /**
     * The proposer's agent sealed the slot to the room: it is opened to be checked against the overlap, and the room
     * records it sealed under its new number. Answers the proposal's number.
     */
    @CommandHandler
    public int handle(ProposeSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                      OverlapEngine engine) {
        CoordinationId id = command.coordinationId();
        Aggregate<Coordination> room = load(id);
        UserId participant = room.invoke(r -> r.checkProposer(actor, "propose a slot"));
        TimeWindow slot = openSlot(id, participant, command.slot());
        OpenedWindows open = open(room, id);
        Map<Integer, TimeWindow> current = proposals(room, id);
        return room.invoke(r -> r.propose(participant, slot, open, engine, current, clock.instant()));
    }

    /** As a proposal: the alternative is opened to be checked, and recorded sealed. Answers its proposal's number. */
    @CommandHandler
    public int handle(CounterSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock,
                      OverlapEngine engine) {
        CoordinationId id = command.coordinationId();
        Aggregate<Coordination> room = load(id);
        UserId participant = room.invoke(r -> r.checkCounter(command, actor));
        TimeWindow alternative = openSlot(id, participant, command.alternative());
        OpenedWindows open = open(room, id);
        Map<Integer, TimeWindow> current = proposals(room, id);
        return room.invoke(r -> r.counter(participant, command.rejected(), alternative, open, engine, current,
                clock.instant()));
    }

    /** An acceptance names a number; only the one that resolves the room opens a proposal: the accepted one. */
    @CommandHandler
    public void handle(AcceptSlot command, @MetaDataValue(MetadataKeys.ACTOR) String actor, Clock clock) {
        CoordinationId id = command.coordinationId();
        Aggregate<Coordination> room = load(id);
        Instant now = clock.instant();
        room.invoke(r -> r.accept(command, actor, now)).ifPresent(number -> {
            TimeWindow agreed = openProposal(id, number, room.invoke(Coordination::sealedProposals).get(number));
            room.execute(r -> r.resolve(agreed, now));
        });
    }

    @CommandHandler
    public void handle(ShredRoomData command, Clock clock) {
        Aggregate<Coordination> room = load(command.coordinationId());
        if (room.invoke(r -> r.shred(clock.instant()))) {
            keys.destroy(command.coordinationId());
        }
    }

    private Aggregate<Coordination> load(CoordinationId id) {
        return rooms.load(id.value());
    }

    private TimeWindow openSlot(CoordinationId id, UserId participant, SealedSlot sealed) {
        try {
            return opener.openSlot(id, participant, sealed);
        } catch (RoomSeals.NotSealedToThisRoom e) {
            throw new CoordinationRefused("the slot does not open with room " + id + "'s key: " + e.getMessage()
                    + " — seal it to the room's roomKey, as " + participant);
        } catch (WindowOpener.WindowsShredded e) {
            throw keyGone(id);
        }
    }

    /** The room's current proposals, opened for this decision only. */
    private Map<Integer, TimeWindow> proposals(Aggregate<Coordination> room, CoordinationId id) {
        Map<Integer, TimeWindow> opened = new LinkedHashMap<>();
        room.invoke(Coordination::sealedProposals)
                .forEach((number, sealed) -> opened.put(number, openProposal(id, number, sealed)));
        return opened;
    }

    private TimeWindow openProposal(CoordinationId id, int number, SealedSlot sealed) {
        try {
            return opener.openProposal(id, number, sealed);
        } catch (WindowOpener.WindowsShredded e) {
            throw keyGone(id);
        }
    }

    private OpenedWindows open(Aggregate<Coordination> room, CoordinationId id) {
        Map<UserId, List<TimeWindow>> opened = new LinkedHashMap<>();
        try {
            room.invoke(Coordination::sealedWindows)
                    .forEach((participant, sealed) -> opened.put(participant, opener.open(id, participant, sealed)));
        } catch (WindowOpener.WindowsShredded e) {
            throw keyGone(id);
        }
        return new OpenedWindows(opened);
    }

    /**
     * A room still open whose key is gone — its KEK given up (docs/security.md): nothing sealed to it opens again, so
     * its commands are refused with the reason instead of failing and being retried.
     */
    private static CoordinationRefused keyGone(CoordinationId id) {
        return new CoordinationRefused("room " + id + "'s key is gone, and with it every window shared in it:"
                + " nothing can be decided on them any more — start a new room");
    }
}
