package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller accepts a slot that was proposed (by the engine or a participant). */
public record AcceptSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        TimeWindow slot) {

    public AcceptSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(slot, "slot is required");
    }
}
