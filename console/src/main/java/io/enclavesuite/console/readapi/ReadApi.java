package io.enclavesuite.console.readapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.console.signin.Person;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * The read API (enclave-query), asked as the signed-in person. A 404 — nothing there, or nothing of theirs — is
 * {@link NotFound} (a page says "not found", never which of the two); any other failure is {@link Unavailable}, so a
 * page never shows an empty list for "could not ask".
 */
public class ReadApi {

    private final RestClient http;
    private final PersonTokens tokens;

    public ReadApi(RestClient.Builder http, URI queryUrl, PersonTokens tokens) {
        this.http = http.baseUrl(queryUrl.toString()).build();
        this.tokens = tokens;
    }

    public JsonNode get(Person person, String path, Object... variables) {
        return get(person, builder -> builder.path(path).build(variables));
    }

    /** A path with query parameters; blank values are left out, so an empty filter field asks for everything. */
    public JsonNode get(Person person, String path, Map<String, String> query, Object... variables) {
        return get(person, builder -> {
            builder.path(path);
            query.forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    builder.queryParam(name, value.strip());
                }
            });
            return builder.build(variables);
        });
    }

    private JsonNode get(Person person, Function<UriBuilder, URI> uri) {
        try {
            return http.get().uri(uri).header("Authorization", tokens.bearer(person))
                    .exchange((request, response) -> {
                        HttpStatusCode status = response.getStatusCode();
                        if (status.value() == 404) {
                            throw new NotFound();
                        }
                        if (status.value() == 400) {
                            JsonNode problem = response.bodyTo(JsonNode.class);
                            throw new BadRequest(problem == null ? "the read API refused the request"
                                    : problem.path("detail").asText("the read API refused the request"));
                        }
                        if (status.isError()) {
                            throw new Unavailable("the read API answered " + status.value());
                        }
                        return response.bodyTo(JsonNode.class);
                    });
        } catch (RestClientException e) {
            throw new Unavailable("the read API cannot be reached: " + e.getMessage());
        }
    }

    /** Nothing there, or nothing the person may see: the same answer for both. */
    public static final class NotFound extends RuntimeException {
        public NotFound() {
            super("not found", null, false, false);
        }
    }

    /** A filter the read API could not take, with its reason (a malformed date, say). */
    public static final class BadRequest extends RuntimeException {
        BadRequest(String reason) {
            super(reason, null, false, false);
        }
    }

    public static final class Unavailable extends RuntimeException {
        Unavailable(String reason) {
            super(reason);
        }
    }
}
