package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller, a participant, leaves: the room is aborted for everyone. */
public record Withdraw(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        String reason) {

    public Withdraw {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
    }
}
