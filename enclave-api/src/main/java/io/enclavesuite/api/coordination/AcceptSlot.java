package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The caller accepts a current proposal (the engine's or a participant's), named by its number, never by its times. */
public record AcceptSlot(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        int proposal) {

    public AcceptSlot {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        ProposalNumbers.positive(proposal, "proposal");
    }

    @JsonCreator
    static AcceptSlot fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                               @JsonProperty("proposal") JsonNode proposal) {
        return new AcceptSlot(coordinationId, ProposalNumbers.read(proposal, "proposal"));
    }
}
