package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the authorization saga with what the participant's agent policy decided: auto-execute under a rule, or ask the participant. */
public record AuthorizeParticipation(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        UserId participant,
        PolicyDecision decision) {

    public AuthorizeParticipation {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(participant, "participant is required");
        Objects.requireNonNull(decision, "decision is required");
    }
}
