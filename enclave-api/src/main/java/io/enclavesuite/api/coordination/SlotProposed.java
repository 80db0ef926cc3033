package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A participant proposed a slot: a new numbered proposal, sealed. Revision 1 ({@code slot} in clear) reads as unsealed. */
@Revision("2")
public record SlotProposed(
        CoordinationId coordinationId,
        UserId participant,
        Proposal proposal,
        Instant at) {

    @JsonCreator
    static SlotProposed fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                 @JsonProperty("participant") UserId participant,
                                 @JsonProperty("proposal") JsonNode proposal,
                                 @JsonProperty("slot") JsonNode clearSlot,
                                 @JsonProperty("at") Instant at) {
        return new SlotProposed(coordinationId, participant,
                proposal != null ? Proposals.read(proposal) : Proposal.unsealed(), at);
    }
}
