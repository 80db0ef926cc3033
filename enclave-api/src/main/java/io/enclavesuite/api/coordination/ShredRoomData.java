package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Destroy an ended room's key, so its windows can never be read again. Sent when a room expires or is aborted,
 * and — once its receipt is issued — when it resolves.
 */
public record ShredRoomData(@TargetAggregateIdentifier CoordinationId coordinationId) {

    public ShredRoomData {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
    }
}
