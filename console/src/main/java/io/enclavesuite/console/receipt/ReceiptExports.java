package io.enclavesuite.console.receipt;

import io.enclavesuite.console.readapi.PersonTokens;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A receipt's event export, asked of the write service that owns the stream with the signed-in person's token: that
 * service decides what the holder may read and sends the rest as hashes, so the console passes on exactly the file
 * {@code curl} with the person's own token would get, and keeps no copy.
 */
class ReceiptExports {

    /** The receipt kinds the write services issue (their {@code RECEIPT_KIND}). */
    static final String ROOM = "coordination";
    static final String TEAM = "team";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ReceiptProperties properties;
    private final PersonTokens tokens;

    ReceiptExports(ReceiptProperties properties, PersonTokens tokens) {
        this.properties = properties;
        this.tokens = tokens;
    }

    /** The export's lines as they arrive; the caller closes the stream. */
    InputStream open(Person person, String kind, String enclaveId) {
        URI base = switch (kind) {
            case ROOM -> properties.coordinationUrl();
            case TEAM -> properties.commandUrl();
            default -> throw new Refused(502, "the console does not know which service exports receipts of kind '"
                    + kind + "'");
        };
        URI uri = base.resolve("/internal/receipts/" + enclaveId + "/events");
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", tokens.bearer(person))
                .header("Accept", "application/x-ndjson").timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Refused(503, "the service that exports this receipt's events cannot be reached just now; try "
                    + "again in a minute");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(503, "interrupted while asking for the events");
        }
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        String detail = detail(response.body());
        if (status == 404) {
            throw new ReadApi.NotFound();
        }
        if (status == 403) {
            // an old (version 1) receipt's events go only to a holder who may see every one: the reason says so
            throw new Refused(403, detail.isBlank() ? "the events of this receipt are not yours to download" : detail);
        }
        throw new Refused(503, "the service that exports this receipt's events answered " + status);
    }

    private static String detail(InputStream body) {
        try (body) {
            String text = new String(body.readNBytes(8192), StandardCharsets.UTF_8);
            var problem = io.enclavesuite.api.EnclaveJson.mapper().readTree(text);
            return problem == null ? "" : problem.path("detail").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    /** The events could not be had: the status for the page and the reason in words. */
    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
