package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

/**
 * Destroys a room's data key once the room ends without an outcome — expired or aborted — so its windows become
 * unreadable everywhere, the event store included. The command is waited for: if it fails, the handler fails and
 * the processor retries the event, so no ended room keeps its key.
 * <p>
 * A resolved room is shredded once its receipt is recorded ({@link RoomReceipts}): the receipt's chain covers the
 * sealed windows, so it still verifies afterwards.
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

    /** Only rooms get here: a team enclave's receipt is in another service's stream. */
    @EventHandler
    void on(ReceiptIssued event) {
        shred(CoordinationId.of(event.enclaveId()));
    }

    private void shred(CoordinationId room) {
        commands.sendAndWait(new ShredRoomData(room), VIA_SAGA);
    }
}
