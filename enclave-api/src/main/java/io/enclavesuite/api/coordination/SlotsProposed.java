package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every participant has submitted: the best slots of the overlap, best first (strongest weakest confidence, then
 * earliest), each a numbered {@link Proposal} sealed to the room's key — how many there are is the one thing said in
 * clear. Revision 1 carried the slots in clear: read now, they are {@link Proposal#unsealed()}, their times dropped.
 */
@Revision("2")
public record SlotsProposed(
        CoordinationId coordinationId,
        List<Proposal> candidates,
        Instant at) {

    public SlotsProposed {
        candidates = List.copyOf(candidates);
    }

    @JsonCreator
    static SlotsProposed fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                  @JsonProperty("candidates") List<JsonNode> candidates,
                                  @JsonProperty("at") Instant at) {
        List<Proposal> proposals = new ArrayList<>();
        for (JsonNode candidate : candidates == null ? List.<JsonNode>of() : candidates) {
            proposals.add(Proposals.read(candidate));
        }
        return new SlotsProposed(coordinationId, proposals, at);
    }
}
