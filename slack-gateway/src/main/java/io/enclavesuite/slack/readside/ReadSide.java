package io.enclavesuite.slack.readside;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Asks the read side (enclave-query) on behalf of the Slack user the gateway verified, with a short-lived token
 * whose subject is that user: the read side applies the same rules to them as to any API caller, so Slack shows no
 * more than the API would. A 404 (unknown, or not theirs to see) is empty.
 */
public class ReadSide {

    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(2);

    private final RestClient http;
    private final LocalTokenIssuer tokens;
    private final Clock clock;

    public ReadSide(RestClient.Builder http, URI queryUrl, LocalTokenIssuer tokens, Clock clock) {
        this.http = http.baseUrl(queryUrl.toString()).build();
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Signs with the key in {@code tokenKeyFile}, the one the read side trusts for local tokens. */
    public ReadSide(RestClient.Builder http, URI queryUrl, Path tokenKeyFile, Clock clock) {
        this(http, queryUrl, LocalTokenIssuer.loadOrCreate(tokenKeyFile), clock);
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

    public Optional<JsonNode> why(String user, String aggregate, long sequence) {
        return get(user, "/api/why?aggregate={aggregate}&sequence={sequence}", aggregate, sequence);
    }

    private Optional<JsonNode> get(String user, String path, Object... variables) {
        String token = tokens.mint(user, clock.instant(), TOKEN_LIFETIME);
        return http.get().uri(path, variables).header("Authorization", "Bearer " + token)
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
