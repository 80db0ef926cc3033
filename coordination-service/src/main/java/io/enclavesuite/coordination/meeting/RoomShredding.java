package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

/**
 * Destroys a room's data key as soon as the room ends — expired, aborted or resolved — so its windows become
 * unreadable everywhere, the event store included. The command is waited for: if it fails, the handler fails and
 * the processor retries the event, so no ended room keeps its key.
 * <p>
 * A resolved room does not wait for its receipt ({@link RoomReceipts}, a processor of its own): the receipt's chain
 * covers the events as the store holds them, windows sealed, so it can be signed after the key is gone, and a stuck
 * or unavailable signer keeps no room's key alive. The receipt's arrival still shreds, for a room resolved before
 * resolution itself did (shredding twice changes nothing).
 */
@ProcessingGroup(RoomShredding.PROCESSING_GROUP)
public class RoomShredding {

    public static final String PROCESSING_GROUP = "room-shredding";
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private final CommandGateway commands;

    public RoomShredding(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(CoordinationExpired event) {
        shred(event.coordinationId());
    }

    @EventHandler
    void on(CoordinationAborted event) {
        shred(event.coordinationId());
    }

    @EventHandler
    void on(CoordinationResolved event) {
        shred(event.coordinationId());
    }

    /** Only rooms get here: a team enclave's receipt is in another service's stream. */
    @EventHandler
    void on(ReceiptIssued event) {
        shred(CoordinationId.of(event.enclaveId()));
    }

    private void shred(CoordinationId room) {
        commands.sendAndWait(new ShredRoomData(room), VIA_SAGA);
    }
}
