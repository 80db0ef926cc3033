package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller rejects a proposed slot and offers another from the overlap instead. */
public record CounterSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        TimeWindow rejected,
        TimeWindow alternative) {

    public CounterSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(rejected, "rejected is required");
        Objects.requireNonNull(alternative, "alternative is required");
    }
}
