package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The alternative becomes a proposal (a new number, or the proposal it already was); acceptances of the rejected
 * proposal stand for nobody but their givers. Revision 1 (both slots in clear) reads as unsealed.
 */
@Revision("2")
public record SlotCountered(
        CoordinationId coordinationId,
        UserId participant,
        int rejected,
        Proposal alternative,
        Instant at) {

    @JsonCreator
    static SlotCountered fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                  @JsonProperty("participant") UserId participant,
                                  @JsonProperty("rejected") JsonNode rejected,
                                  @JsonProperty("alternative") JsonNode alternative,
                                  @JsonProperty("at") Instant at) {
        return new SlotCountered(coordinationId, participant, Proposals.number(rejected),
                Proposals.read(alternative), at);
    }
}
