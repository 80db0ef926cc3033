package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A participant found a current proposal acceptable, named by its number. Revision 1 ({@code slot} in clear) reads as proposal 0. */
@Revision("2")
public record WindowsAcknowledged(
        CoordinationId coordinationId,
        UserId participant,
        int proposal,
        Instant at) {

    @JsonCreator
    static WindowsAcknowledged fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                        @JsonProperty("participant") UserId participant,
                                        @JsonProperty("proposal") JsonNode proposal,
                                        @JsonProperty("slot") JsonNode clearSlot,
                                        @JsonProperty("at") Instant at) {
        return new WindowsAcknowledged(coordinationId, participant, Proposals.number(proposal), at);
    }
}
