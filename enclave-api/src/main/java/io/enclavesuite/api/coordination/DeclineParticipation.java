package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller, a participant, refuses: the room is aborted for everyone. */
public record DeclineParticipation(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        String reason) {

    public DeclineParticipation {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
    }
}
