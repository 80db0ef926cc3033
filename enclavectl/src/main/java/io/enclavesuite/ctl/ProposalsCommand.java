package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.enclave.UserId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code enclavectl proposals ROOM --actor U…}: an open room's current proposals with their numbers and times, as
 * coordination-service (the only holder of room keys) opens them for a participant — so a person can name the one
 * they accept, acknowledge or reject by its number. Read with a token from the local issuer for the actor, as
 * {@code enclavectl token} mints it.
 */
@Command(name = "proposals", mixinStandardHelpOptions = true,
        description = {"Print an open room's current proposals, read as one of its participants.",
                "Each with its number, time, who proposed it, and who accepted and acknowledged it: name one by its"
                        + " number in AcceptSlot, AcknowledgeWindows or CounterSlot's rejected."},
        footer = {"%nExample:", "  enclavectl proposals room-… --actor U0ALICE",
                "  enclavectl send --type AcceptSlot --actor U0ALICE \\",
                "      --payload '{\"coordinationId\":\"room-…\",\"proposal\":2}'"})
final class ProposalsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ROOM", description = "the room's id, room-…")
    String room;

    @Option(names = "--actor", required = true, description = "the participant who reads, a Slack user id (e.g. U0ALICE)")
    String actor;

    @Option(names = "--coordination-url", defaultValue = "${env:ENCLAVE_COORDINATION_URL:-http://localhost:8082}",
            description = "coordination-service's HTTP address (default: $ENCLAVE_COORDINATION_URL or ${DEFAULT-VALUE})")
    URI coordination;

    @Option(names = "--token-key-file", defaultValue = "${env:ENCLAVE_DATA_DIR:-.enclave-data}/api/token-key.pem",
            description = "the local issuer's key, to read as --actor (default: ${DEFAULT-VALUE})")
    Path tokenKeyFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CoordinationId id = CoordinationId.of(room);
        UserId reader = UserId.of(actor);
        String token = LocalTokens.mint(tokenKeyFile, reader, Duration.ofMinutes(5), "no API token key at "
                + tokenKeyFile + " to read the room's proposals as " + reader.value() + " with: name it with"
                + " --token-key-file");
        URI address = coordination.resolve("/internal/rooms/" + id.value() + "/proposals");
        HttpRequest request = HttpRequest.newBuilder(address).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.printf("cannot reach coordination-service at %s (%s): is the suite running? Name it with"
                    + " --coordination-url%n", coordination, e.getClass().getSimpleName());
            return EnclaveCtl.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the room's proposals", e);
        }
        if (response.statusCode() != 200) {
            err.printf("%s: %s%n", switch (response.statusCode()) {
                case 401 -> "refused: the token was not accepted (is --token-key-file the suite's key?)";
                case 404 -> "no room " + id.value() + " with " + reader.value() + " among its participants";
                case 409 -> "room " + id.value() + " is not open: it has no proposals to show";
                default -> "coordination-service answered " + response.statusCode();
            }, detail(response.body()));
            return EnclaveCtl.REJECTED;
        }
        JsonNode proposals;
        try {
            proposals = EnclaveJson.mapper().readTree(response.body()).path("proposals");
        } catch (IOException e) {
            throw new IllegalStateException("coordination-service's answer is not JSON");
        }
        if (proposals.isEmpty()) {
            out.printf("room %s has no current proposals%n", id.value());
        }
        for (JsonNode proposal : proposals) {
            out.println(line(proposal));
        }
        return EnclaveCtl.ACCEPTED;
    }

    /** {@code #2  2026-12-11T09:00:00Z – 2026-12-11T10:00:00Z (high)  proposed by U0BOB  accepted by U0ALICE  …}. */
    static String line(JsonNode proposal) {
        JsonNode slot = proposal.path("slot");
        JsonNode by = proposal.path("proposedBy");
        return "#%d  %s – %s (%s)  proposed by %s  accepted by %s  acknowledged by %s".formatted(
                proposal.path("number").asInt(), slot.path("start").asText("?"), slot.path("end").asText("?"),
                slot.path("confidence").asText("high"), by.isTextual() ? by.asText() : "the room",
                names(proposal.path("acceptedBy")), names(proposal.path("acknowledgedBy")));
    }

    private static String names(JsonNode people) {
        List<String> names = new ArrayList<>();
        people.forEach(person -> names.add(person.asText()));
        return names.isEmpty() ? "nobody" : String.join(", ", names);
    }

    /** A problem+json's detail, when the answer is one. */
    private static String detail(String body) {
        try {
            return EnclaveJson.mapper().readTree(body).path("detail").asText("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
