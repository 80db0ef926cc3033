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
 * Where the read side's management endpoints are and which operator calls them: what {@code replay} and
 * {@code dead-letters} share (a picocli mixin). The operator is named with {@code --as} (a token is minted with the
 * local issuer's key) or brings a token.
 */
final class ReadSideOperator {

    // the actuator's own port (management.server.port), not the API's: these are actuator endpoints
    @Option(names = "--management-url", defaultValue = "${env:ENCLAVE_QUERY_MANAGEMENT:-http://localhost:9080}",
            description = "the read side's management base URL (default: $ENCLAVE_QUERY_MANAGEMENT or ${DEFAULT-VALUE})")
    URI management;

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

    /** {@code path} of the management base URL, without a doubled slash. */
    URI endpoint(String path) {
        return URI.create(management.toString().replaceAll("/+$", "") + path);
    }

    /** Sends with the token already minted; a read side that does not answer is named with the URL tried. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try {
            return http.send(request.header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("the read side does not answer at " + management + " (--management-url)", e);
        }
    }
}
