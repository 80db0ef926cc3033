package io.enclavesuite.coordination.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.IssueRoomReceipt;
import io.enclavesuite.receipts.receipt.Receipt;
import io.enclavesuite.write.receipts.ReceiptIssuer;
import io.enclavesuite.write.receipts.StreamExport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;

import java.util.ArrayList;
import java.util.List;

/**
 * Issues the receipt of a resolved room: its purpose, participants and agreed slot, signed over the room's whole
 * stream as the event store holds it (windows sealed). The room records it once, even when the resolution is
 * delivered again. Nothing here needs the room's key, which {@link RoomShredding} destroys on resolution without
 * waiting for this: a receipt signed after the shredding covers the shredding too.
 */
@ProcessingGroup(RoomReceipts.PROCESSING_GROUP)
public class RoomReceipts {

    public static final String PROCESSING_GROUP = "room-receipts";
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private final StreamExport export;
    private final ReceiptIssuer issuer;
    private final CommandGateway commands;

    public RoomReceipts(StreamExport export, ReceiptIssuer issuer, CommandGateway commands) {
        this.export = export;
        this.issuer = issuer;
        this.commands = commands;
    }

    @EventHandler
    void on(CoordinationResolved event) {
        String room = event.coordinationId().value();
        StreamExport.Stream stream = export.read(room);
        if (stream.receipt().isPresent()) {
            return; // issued already: the resolution was delivered again
        }
        JsonNode created = stream.covered().get(0).payload(); // a room's stream starts with CoordinationCreated
        List<String> participants = new ArrayList<>();
        created.path("participants").forEach(participant -> participants.add(participant.asText()));
        ObjectNode outcome = EnclaveJson.mapper().createObjectNode();
        outcome.set("slot", EnclaveJson.mapper().valueToTree(event.slot()));
        Receipt receipt = issuer.issue(Coordination.RECEIPT_KIND, room, created.path("purpose").asText(),
                participants, outcome, stream.covered());
        commands.sendAndWait(new IssueRoomReceipt(event.coordinationId(), receipt.receiptId(),
                ReceiptIssuer.toJson(receipt)), VIA_SAGA);
    }
}
