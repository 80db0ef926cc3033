package io.enclavesuite.slack.readside;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The times of an open room's current proposals, as coordination-service — the only holder of room keys — opens them
 * for one participant ({@code GET /internal/rooms/{room}/proposals}, docs/coordination.md), asked with a token whose
 * subject is that participant: the gateway learns only what that person may see. Events carry proposals sealed and
 * numbered; this is where a notice finds the times to show.
 */
public class RoomProposals {

    /** One current proposal: its number in the room and its slot; {@code proposedBy} null for the engine's. */
    public record Current(int number, TimeWindow slot, String proposedBy) {
    }

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final RestClient http;
    private final PersonTokens tokens;

    public RoomProposals(RestClient.Builder http, URI coordinationUrl, PersonTokens tokens) {
        this.http = http.baseUrl(coordinationUrl.toString()).build();
        this.tokens = tokens;
    }

    /**
     * The room's current proposals, best or oldest first, as {@code participant} may read them; empty when the room is
     * no longer open (409) or not theirs, or gone (404): then there is nothing to offer them.
     *
     * @throws Unavailable when coordination-service refuses the gateway's token or fails; a transport error
     *                     propagates as it is — either way the caller's work is to be tried again
     */
    public Optional<List<Current>> currentFor(String participant, CoordinationId room) {
        return http.get().uri("/internal/rooms/{room}/proposals", room.value())
                .header("Authorization", tokens.bearer(participant))
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status == 404 || status == 409) {
                        return Optional.<List<Current>>empty();
                    }
                    if (status != 200) {
                        throw new Unavailable("coordination-service answered " + status + " for the proposals of " + room);
                    }
                    return Optional.of(read(response.getBody().readAllBytes(), room));
                });
    }

    private static List<Current> read(byte[] body, CoordinationId room) {
        try {
            JsonNode answer = JSON.readTree(body);
            List<Current> proposals = new ArrayList<>();
            for (JsonNode proposal : answer.path("proposals")) {
                proposals.add(new Current(proposal.path("number").asInt(),
                        JSON.treeToValue(proposal.path("slot"), TimeWindow.class),
                        proposal.path("proposedBy").isTextual() ? proposal.path("proposedBy").asText() : null));
            }
            return List.copyOf(proposals);
        } catch (IOException | IllegalArgumentException e) {
            // never the parser's message: it may quote a time
            throw new Unavailable("coordination-service's proposals of " + room + " cannot be read as proposals");
        }
    }

    /** coordination-service could not say: the notice waiting on it is tried again. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
