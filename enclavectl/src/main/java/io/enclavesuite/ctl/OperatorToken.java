package io.enclavesuite.ctl;

import io.enclavesuite.api.enclave.UserId;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Which operator calls a service's management endpoints (a picocli mixin): named with {@code --as} (a token is minted
 * with the local issuer's key) or bringing a token. The service checks the name against
 * {@code enclave.api.auth.operators}.
 */
final class OperatorToken {

    @Option(names = "--as", description = "the operator (a user id named in enclave.api.auth.operators) to mint a "
            + "token for with the local issuer's key")
    String operator;

    @Option(names = "--token", defaultValue = "${env:ENCLAVE_TOKEN}",
            description = "a bearer token for an operator instead (default: $ENCLAVE_TOKEN)")
    String token;

    @Option(names = "--key-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/api/token-key.pem",
            description = "the local issuer's key, for --as (default: ${DEFAULT-VALUE})")
    Path keyFile;

    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * The operator's bearer token: the one given, or one minted for {@code --as} that lasts {@code validFor} (this
     * run's requests only).
     *
     * @param what what the command does, for the refusal when nobody is named ("rebuilding", "parked events")
     */
    String bearer(String what, Duration validFor) {
        if (token != null && !token.isBlank()) {
            return token;
        }
        if (operator == null) {
            throw new IllegalArgumentException(what + " is for operators: name yourself with --as U… "
                    + "(one of enclave.api.auth.operators), or give --token");
        }
        token = LocalTokens.mint(keyFile, UserId.of(operator), validFor, "no API token key at " + keyFile + " (--key-file)");
        return token;
    }

    /** Sends with the token already minted; a service that does not answer is named with the URL tried. */
    HttpResponse<String> send(HttpRequest.Builder request, String service, URI base, String option)
            throws IOException, InterruptedException {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException(service + " does not answer at " + base + " (" + option + ")", e);
        }
    }

    /** {@code path} of a base URL, without a doubled slash. */
    static URI endpoint(URI base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }
}
