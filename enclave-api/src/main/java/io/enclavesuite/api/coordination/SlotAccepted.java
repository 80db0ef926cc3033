package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A participant accepted a proposal, by its number. Revision 1 ({@code slot} in clear) reads as proposal 0. */
@Revision("2")
public record SlotAccepted(
        CoordinationId coordinationId,
        UserId participant,
        int proposal,
        Instant at) {

    @JsonCreator
    static SlotAccepted fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                 @JsonProperty("participant") UserId participant,
                                 @JsonProperty("proposal") JsonNode proposal,
                                 @JsonProperty("slot") JsonNode clearSlot,
                                 @JsonProperty("at") Instant at) {
        return new SlotAccepted(coordinationId, participant, Proposals.number(proposal), at);
    }
}
