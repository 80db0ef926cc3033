package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Record a resolved room's signed receipt (sent by the receipt issuer only); a room gets one receipt. */
public record IssueRoomReceipt(@TargetAggregateIdentifier CoordinationId coordinationId, String receiptId,
                               JsonNode receipt) {

    public IssueRoomReceipt {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(receiptId, "receiptId is required");
        Objects.requireNonNull(receipt, "receipt is required");
    }
}
