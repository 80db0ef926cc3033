package io.enclavesuite.slack.readside;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.util.Optional;

/**
 * Asks the read side (enclave-query) on behalf of the Slack user the gateway verified, with a short-lived token
 * whose subject is that user: the read side applies the same rules to them as to any API caller, so Slack shows no
 * more than the API would. A 404 (unknown, or not theirs to see) is empty.
 */
public class ReadSide {

    private final RestClient http;
    private final PersonTokens tokens;

    public ReadSide(RestClient.Builder http, URI queryUrl, PersonTokens tokens) {
        this.http = http.baseUrl(queryUrl.toString()).build();
        this.tokens = tokens;
    }

    public Optional<JsonNode> enclave(String user, String enclave) {
        return get(user, "/api/enclaves/{name}", enclave);
    }

    public Optional<JsonNode> tentacles(String user, String enclave) {
        return get(user, "/api/enclaves/{name}/tentacles", enclave);
    }

    public Optional<JsonNode> rooms(String user) {
        return get(user, "/api/rooms");
    }

    /** The person's Coordination feed: each room of theirs with its trust label, those needing them, and the badge. */
    public Optional<JsonNode> coordinationFeed(String user) {
        return get(user, "/api/feed/coordination");
    }

    /** The enclaves the read side lets this person see. */
    public Optional<JsonNode> enclaves(String user) {
        return get(user, "/api/enclaves");
    }

    /** The receipts this person holds, newest first. */
    public Optional<JsonNode> receipts(String user) {
        return get(user, "/api/receipts");
    }

    /** The person's own agent policy: level, budget and this week's spending, rate limit, trusted people, rules. */
    public Optional<JsonNode> policy(String user) {
        return get(user, "/api/policy");
    }

    public Optional<JsonNode> why(String user, String aggregate, long sequence) {
        return get(user, "/api/why?aggregate={aggregate}&sequence={sequence}", aggregate, sequence);
    }

    private Optional<JsonNode> get(String user, String path, Object... variables) {
        return http.get().uri(path, variables).header("Authorization", tokens.bearer(user))
                .exchange((request, response) -> {
                    HttpStatusCode status = response.getStatusCode();
                    if (status.value() == 404) {
                        return Optional.<JsonNode>empty();
                    }
                    if (status.isError()) {
                        throw new ReadSideUnavailable("the read side answered " + status.value());
                    }
                    return Optional.ofNullable(response.bodyTo(JsonNode.class));
                });
    }

    /** The read side could not answer: the person is told it is unavailable, not that nothing exists. */
    public static final class ReadSideUnavailable extends RuntimeException {
        public ReadSideUnavailable(String message) {
            super(message);
        }
    }
}
