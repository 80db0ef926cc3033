package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The caller proposes a slot, sealed by their agent to the room's public key ({@code RoomSeals.sealSlot}, as windows
 * are sealed): it must last the meeting and lie inside the current overlap. A slot in clear is refused.
 */
public record ProposeSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        SealedSlot slot) {

    /** Why a slot in clear is refused, and what to do instead. */
    public static final String IN_CLEAR = "a slot travels sealed to the room's public key (HPKE, the room's roomKey"
            + " — docs/coordination.md), as windows do; a slot in clear is refused, and was not stored:"
            + " `enclavectl send` and the Slack gateway seal it for you";

    public ProposeSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(slot, "slot is required: sealed to the room's public key");
    }

    @JsonCreator
    static ProposeSlot fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                @JsonProperty("slot") JsonNode slot) {
        return new ProposeSlot(coordinationId, ProposalNumbers.sealed(slot, "slot", IN_CLEAR));
    }
}
