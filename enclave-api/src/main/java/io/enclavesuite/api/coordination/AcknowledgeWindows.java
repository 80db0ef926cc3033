package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The caller confirms they received a proposal made from everyone's windows and find it acceptable — short of
 * accepting it: the others see which proposals have support before anyone commits. The proposal is named by its number.
 */
public record AcknowledgeWindows(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        int proposal) {

    public AcknowledgeWindows {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        ProposalNumbers.positive(proposal, "proposal");
    }

    @JsonCreator
    static AcknowledgeWindows fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                       @JsonProperty("proposal") JsonNode proposal) {
        return new AcknowledgeWindows(coordinationId, ProposalNumbers.read(proposal, "proposal"));
    }
}
