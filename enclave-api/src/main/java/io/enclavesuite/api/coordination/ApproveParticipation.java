package io.enclavesuite.api.coordination;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller, a participant asked for approval, agrees to take part. */
public record ApproveParticipation(
        @TargetAggregateIdentifier CoordinationId coordinationId) {

    public ApproveParticipation {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
    }
}
