package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The read side's parked events (its {@code deadletters} endpoint on the management port), as an operator named in
 * {@code enclave.api.auth.operators}: list them, retry them after a fix, or drop them.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List, retry or drop the events the read models parked (docs/operations.md, \"Parked events\").",
        subcommands = {DeadLettersCommand.ListParked.class, DeadLettersCommand.Retry.class,
                DeadLettersCommand.Drop.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (retry: nothing of the group is parked any more)",
                "1:refused (unknown group or event, not an operator) or, after a retry, events still parked",
                "2:usage error", "3:the read side does not answer"})
final class DeadLettersCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The read side's deadletters endpoint, as the operator of {@link ReadSideOperator}. */
    static final class Operator {
        @Mixin
        ReadSideOperator readSide = new ReadSideOperator();

        HttpResponse<String> send(String method, String... path) throws IOException, InterruptedException {
            StringBuilder uri = new StringBuilder("/actuator/deadletters");
            for (String segment : path) {
                uri.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
            }
            readSide.bearer("parked events", Duration.ofMinutes(5));
            return readSide.send(HttpRequest.newBuilder(readSide.endpoint(uri.toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, HttpRequest.BodyPublishers.noBody()));
        }
    }

    /** The answer as JSON when it is a success, or the problem's detail on stderr and {@code null}. */
    private static JsonNode answer(HttpResponse<String> response, PrintWriter err) throws IOException {
        if (response.statusCode() / 100 == 2) {
            return JSON.readTree(response.body());
        }
        String detail = response.body().isBlank() ? "HTTP " + response.statusCode()
                : JSON.readTree(response.body()).path("detail").asText(response.body());
        err.println("refused: " + detail);
        return null;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show how many events each read model parked, and the events.")
    static final class ListParked implements Callable<Integer> {
        @Mixin
        Operator operator = new Operator();

        @Parameters(arity = "0..1", paramLabel = "GROUP",
                description = "one read model's processing group: enclaves, history, receipts, rooms")
        String group;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode report = answer(group == null ? operator.send("GET") : operator.send("GET", group),
                    spec.commandLine().getErr());
            if (report == null) {
                return EnclaveCtl.REJECTED;
            }
            report.path("counts").fields().forEachRemaining(count ->
                    out.printf("%-10s %,d parked%n", count.getKey(), count.getValue().asLong()));
            for (JsonNode event : report.path("events")) {
                out.printf("%n%s  aggregate %s%s  event %s%n  type    %s%n  parked  %s (last tried %s)%n"
                                + "  reason  %s%n", event.path("group").asText(), event.path("sequence").asText(),
                        event.has("aggregateSequence") ? " #" + event.path("aggregateSequence").asLong() : "",
                        event.path("eventId").asText(), event.path("type").asText(),
                        event.path("parkedAt").asText(), event.path("lastTried").asText("-"),
                        event.path("reason").asText());
            }
            return EnclaveCtl.ACCEPTED;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry every parked event of a read model, each aggregate's in order (after a fix).")
    static final class Retry implements Callable<Integer> {
        @Mixin
        Operator operator = new Operator();

        @Parameters(paramLabel = "GROUP", description = "the read model's processing group")
        String group;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode outcome = answer(operator.send("POST", group), spec.commandLine().getErr());
            if (outcome == null) {
                return EnclaveCtl.REJECTED;
            }
            long still = outcome.path("eventsStillParked").asLong();
            out.printf("%s: %d aggregate(s) went through, %d still parked (%,d events)%n", group,
                    outcome.path("sequencesRetried").asInt(), outcome.path("sequencesStillParked").asInt(), still);
            outcome.path("errors").forEach(error -> out.println("  " + error.asText()));
            return still == 0 ? EnclaveCtl.ACCEPTED : EnclaveCtl.REJECTED;
        }
    }

    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = "Drop one parked event (the events of its aggregate behind it stay parked until retried), "
                    + "or with --all every parked event of a read model.")
    static final class Drop implements Callable<Integer> {
        @Mixin
        Operator operator = new Operator();

        @Parameters(index = "0", paramLabel = "GROUP", description = "the read model's processing group")
        String group;

        @Parameters(index = "1", arity = "0..1", paramLabel = "EVENT_ID", description = "the parked event's id")
        String eventId;

        @Option(names = "--all", description = "drop every parked event of the group")
        boolean all;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (all == (eventId != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name one EVENT_ID, or --all");
            }
            JsonNode dropped = answer(all ? operator.send("DELETE", group) : operator.send("DELETE", group, eventId),
                    spec.commandLine().getErr());
            if (dropped == null) {
                return EnclaveCtl.REJECTED;
            }
            spec.commandLine().getOut().printf("%s: dropped %d%n", group, dropped.path("dropped").asLong());
            return EnclaveCtl.ACCEPTED;
        }
    }
}
