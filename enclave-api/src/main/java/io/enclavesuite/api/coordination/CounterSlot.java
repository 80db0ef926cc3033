package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The caller rejects a current proposal, named by its number, and offers another slot from the overlap instead, sealed
 * by their agent to the room's public key as a proposal is ({@link ProposeSlot}).
 */
public record CounterSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        int rejected,
        SealedSlot alternative) {

    public CounterSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        ProposalNumbers.positive(rejected, "rejected");
        Objects.requireNonNull(alternative, "alternative is required: sealed to the room's public key");
    }

    @JsonCreator
    static CounterSlot fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                @JsonProperty("rejected") JsonNode rejected,
                                @JsonProperty("alternative") JsonNode alternative) {
        return new CounterSlot(coordinationId, ProposalNumbers.read(rejected, "rejected"),
                ProposalNumbers.sealed(alternative, "alternative", ProposeSlot.IN_CLEAR));
    }
}
