package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Rebuilds read models through the read side's replay endpoint (its management port), as an operator named in
 * {@code enclave.api.auth.operators}: with no name, shows where each stands; with names (or {@code --all}), starts them over and, with {@code --wait}, prints their progress
 * until they are done.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rebuild read models from the event topics, or show their rebuild progress.")
final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "0..*", paramLabel = "PROCESSOR", description = "read-side processors to rebuild: "
            + "projections (every read model, the default), or with enclave.read-side.processors=separate "
            + "enclaves, history, receipts, rooms")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "rebuild every read model")
    boolean all;

    @Option(names = "--wait", description = "print progress until every rebuild started here is done")
    boolean await;

    @Option(names = "--timeout", defaultValue = "30m", converter = EnclaveCtl.DurationConverter.class,
            description = "how long --wait waits (default ${DEFAULT-VALUE})")
    Duration timeout;

    @CommandLine.Mixin
    ReadSideOperator readSide = new ReadSideOperator();

    @Override
    public Integer call() throws Exception {
        readSide.bearer("rebuilding", Duration.ofMinutes(35));
        if (all) {
            JsonNode every = get("");
            names = new ArrayList<>();
            every.forEach(progress -> names.add(progress.path("processor").asText()));
        }
        if (names.isEmpty()) {
            get("").forEach(this::print);
            return EnclaveCtl.ACCEPTED;
        }
        for (String name : names) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint("/" + name))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            if (response.statusCode() != 202) {
                System.err.println(name + ": " + JSON.readTree(response.body()).path("detail").asText(response.body()));
                return EnclaveCtl.REJECTED;
            }
            print(JSON.readTree(response.body()));
        }
        if (!await) {
            return EnclaveCtl.ACCEPTED;
        }
        Instant deadline = Instant.now().plus(timeout);
        List<String> pending = new ArrayList<>(names);
        while (!pending.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                System.err.println("still rebuilding after " + timeout + ": " + String.join(", ", pending));
                return EnclaveCtl.NO_ANSWER;
            }
            Thread.sleep(1000); // a CLI polling a server once a second; nothing to await in-process
            for (String name : List.copyOf(pending)) {
                JsonNode progress = get("/" + name);
                print(progress);
                if ("failed".equals(progress.path("state").asText())) {
                    return EnclaveCtl.REJECTED;
                }
                if ("done".equals(progress.path("state").asText())) {
                    pending.remove(name);
                }
            }
        }
        return EnclaveCtl.ACCEPTED;
    }

    private void print(JsonNode progress) {
        System.out.printf("%-10s %-9s %,d / %,d events  %,.0f events/s%s%n", progress.path("processor").asText(),
                progress.path("state").asText(), progress.path("eventsDone").asLong(),
                progress.path("eventsTotal").asLong(), progress.path("eventsPerSecond").asDouble(),
                progress.has("error") ? "  " + progress.path("error").asText() : "");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint(path)).GET());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IllegalArgumentException(JSON.readTree(response.body()).path("detail").asText(response.body()));
        }
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException(JSON.readTree(response.body()).path("detail").asText(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return readSide.send(request.timeout(Duration.ofSeconds(30)));
    }

    private URI endpoint(String path) {
        return readSide.endpoint("/actuator/replay" + path);
    }
}
