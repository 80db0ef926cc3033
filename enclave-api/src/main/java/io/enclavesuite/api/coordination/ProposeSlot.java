package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller proposes a slot; it must lie inside the current overlap and last the meeting duration. */
public record ProposeSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        TimeWindow slot) {

    public ProposeSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(slot, "slot is required");
    }
}
