package io.enclavesuite.ctl;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where the read side's management endpoints are and which operator calls them: what {@code replay} and
 * {@code dead-letters} share (a picocli mixin).
 */
final class ReadSideOperator {

    // the actuator's own port (management.server.port), not the API's: these are actuator endpoints
    @Option(names = "--management-url", defaultValue = "${env:ENCLAVE_QUERY_MANAGEMENT:-http://localhost:9080}",
            description = "the read side's management base URL (default: $ENCLAVE_QUERY_MANAGEMENT or ${DEFAULT-VALUE})")
    URI management;

    @Mixin
    OperatorToken operator = new OperatorToken();

    /** See {@link OperatorToken#bearer}. */
    String bearer(String what, Duration validFor) {
        return operator.bearer(what, validFor);
    }

    /** {@code path} of the management base URL, without a doubled slash. */
    URI endpoint(String path) {
        return OperatorToken.endpoint(management, path);
    }

    /** Sends with the token already minted; a read side that does not answer is named with the URL tried. */
    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return operator.send(request, "the read side", management, "--management-url");
    }
}
