package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Asked of a participant's agent policy by the authorization saga: may the agent join this room on its own? The
 * answer is a {@link PolicyDecision}; the room records it (with the deciding rule), the policy records nothing.
 *
 * @param initiatorSharesAnEnclave whether the initiator belongs to a team enclave the participant belongs to
 */
public record EvaluateInvitation(@TargetAggregateIdentifier UserId participant, CoordinationId room,
                                 UserId initiator, Purpose purpose, boolean initiatorSharesAnEnclave) {

    public EvaluateInvitation {
        Objects.requireNonNull(participant, "participant is required");
        Objects.requireNonNull(room, "room is required");
        Objects.requireNonNull(initiator, "initiator is required");
        Objects.requireNonNull(purpose, "purpose is required");
    }
}
