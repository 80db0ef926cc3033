package io.enclavesuite.api.coordination;

import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * Asked of a participant's agent policy by the authorization saga: may the agent join this room on its own? The
 * answer is a {@link PolicyDecision}; the room records it (with the deciding rule). The policy records that it was
 * asked (the sender's inbound rate), and what the decision spent of the weekly budget. A person who never set a
 * policy gets one with the defaults.
 *
 * @param initiatorSharesAnEnclave whether the initiator belongs to a team enclave the participant belongs to
 * @param intent                   the room's type, for trusted identities (null in commands from before intents:
 *                                 meeting-sync)
 * @param length                   the meeting's length, for a budget in hours (null: spends no hours)
 */
public record EvaluateInvitation(@TargetAggregateIdentifier UserId participant, CoordinationId room,
                                 UserId initiator, Purpose purpose, boolean initiatorSharesAnEnclave,
                                 CoordinationType intent, MeetingDuration length) {

    public EvaluateInvitation {
        Objects.requireNonNull(participant, "participant is required");
        Objects.requireNonNull(room, "room is required");
        Objects.requireNonNull(initiator, "initiator is required");
        Objects.requireNonNull(purpose, "purpose is required");
        intent = intent == null ? CoordinationType.MEETING_SYNC : intent;
    }
}
