package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Room key pairs held in memory, for tests of the aggregate and the opener; the service keeps them wrapped in a key
 * table. It also plays the participants' agents: {@link #seal} seals windows to a room's public key as they do.
 */
public final class InMemoryRoomKeys implements RoomKeys {

    private final Map<CoordinationId, RoomSeals.RoomKeyPair> keys = new ConcurrentHashMap<>();

    @Override
    public RoomPublicKey create(CoordinationId room) {
        boolean made = !keys.containsKey(room);
        RoomPublicKey key = new RoomPublicKey(keys.computeIfAbsent(room, r -> RoomSeals.generate()).publicKey());
        if (made && CurrentUnitOfWork.isStarted()) {
            // as the key table's insert rolls back with a refused command's transaction
            CurrentUnitOfWork.get().onRollback(unitOfWork -> keys.remove(room));
        }
        return key;
    }

    @Override
    public Optional<RoomKey> find(CoordinationId room) {
        return Optional.ofNullable(keys.get(room)).map(RoomKey.Pair::new);
    }

    @Override
    public void destroy(CoordinationId room) {
        keys.remove(room);
    }

    /** A slot sealed to the room's public key by {@code participant}'s agent (a proposal, a counter's alternative). */
    public SealedSlot sealSlot(CoordinationId room, UserId participant, TimeWindow slot) {
        return RoomSeals.sealSlot(create(room).value(), room, participant, slot);
    }

    /** The room's proposal {@code number}, sealed as the room seals it. */
    public Proposal proposal(CoordinationId room, int number, TimeWindow slot) {
        return new Proposal(number, RoomSeals.sealProposal(create(room).value(), room, number, slot));
    }

    /** The windows sealed to the room's public key by {@code participant}'s agent (the room gets a key if it has none). */
    public SealedWindows seal(CoordinationId room, UserId participant, List<TimeWindow> windows) {
        return RoomSeals.sealWindows(create(room).value(), room, participant, windows);
    }
}
