package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The caller confirms they received a proposal made from everyone's windows and find it acceptable — short of
 * accepting it: the others see which proposals have support before anyone commits.
 */
public record AcknowledgeWindows(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        TimeWindow slot) {

    public AcknowledgeWindows {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(slot, "slot is required");
    }
}
