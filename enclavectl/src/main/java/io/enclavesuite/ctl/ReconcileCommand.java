package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs the reconciler now, through enclave-command's {@code reconcile} actuator endpoint (its management port), as an
 * operator named in {@code enclave.api.auth.operators}: over one enclave or every one; with {@code --dry-run} it
 * prints what differs from the history and changes nothing.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Converge the cluster to the enclaves' history now, or (--dry-run) print how it differs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (with --dry-run: nothing differs)", "1:refused (unknown enclave, not an operator)",
                "2:usage error", "3:enclave-command does not answer", "4:--dry-run: something differs"})
final class ReconcileCommand implements Callable<Integer> {

    /** As {@code diff} and {@code kubectl diff} do, a dry run that finds differences says so in its exit code. */
    static final int DIFFERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.ArgGroup(multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(names = "--enclave", paramLabel = "NAME", description = "one enclave")
        String enclave;

        @Option(names = "--all", description = "every enclave")
        boolean all;
    }

    @Option(names = "--dry-run", description = "print what differs from the history; change and record nothing")
    boolean dryRun;

    // the actuator's own port (management.server.port), not the API's
    @Option(names = "--command-management-url",
            defaultValue = "${env:ENCLAVE_COMMAND_MANAGEMENT:-http://localhost:9081}",
            description = "enclave-command's management base URL (default: $ENCLAVE_COMMAND_MANAGEMENT or "
                    + "${DEFAULT-VALUE})")
    URI management;

    @Mixin
    OperatorToken operator = new OperatorToken();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        operator.bearer("reconciling", Duration.ofMinutes(5));
        String path = "/actuator/reconcile" + (scope.all ? ""
                : "/" + URLEncoder.encode(scope.enclave, StandardCharsets.UTF_8));
        HttpResponse<String> response = operator.send(HttpRequest.newBuilder(OperatorToken.endpoint(management, path))
                        .timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"dryRun\":" + dryRun + "}")),
                "enclave-command", management, "--command-management-url");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (response.statusCode() / 100 != 2) {
            err.println(response.body().isBlank() ? "HTTP " + response.statusCode()
                    : JSON.readTree(response.body()).path("detail").asText(response.body()));
            return EnclaveCtl.REJECTED;
        }
        JsonNode outcome = JSON.readTree(response.body());
        JsonNode repairs = outcome.path("repairs");
        for (JsonNode repair : repairs) {
            out.printf("%-24s %-16s %-28s %s%n", repair.path("enclave").asText(), repair.path("kind").asText(),
                    repair.path("name").asText(), repair.path("change").asText());
        }
        int enclaves = outcome.path("enclaves").asInt();
        out.printf("%s: %d object%s of %d enclave%s %s%n", dryRun ? "dry run" : "reconciled", repairs.size(),
                repairs.size() == 1 ? "" : "s", enclaves, enclaves == 1 ? "" : "s",
                dryRun ? "differ from the history (nothing changed)" : "put back");
        return dryRun && !repairs.isEmpty() ? DIFFERS : EnclaveCtl.ACCEPTED;
    }
}
