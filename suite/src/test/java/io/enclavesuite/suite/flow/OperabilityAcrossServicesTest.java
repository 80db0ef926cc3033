package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One provisioning as an operator's dashboards see it: counted at enclave-command's intake and in its saga's steps,
 * and the read side's {@code enclaves} projection, which reads it from Kafka, reporting its lag; enclave-command's
 * readiness includes the Kubernetes API.
 */
class OperabilityAcrossServicesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SuiteUnderTest suite;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startAll();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aProvisioningIsCountedOnTheWriteSideAndItsProjectionLagMeasuredOnTheReadSide() throws Exception {
        UUID commandId = UUID.randomUUID();
        suite.send("metrics", suite.envelope(commandId, "ProvisionEnclave", """
                {"enclaveId":"metrics","channel":{"id":"C0METRICS","name":"metrics"},"owner":"U0ALICE","quota":"small"}"""));
        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        assertThat(suite.resultsFor(commandId).get(0).status()).isEqualTo(CommandResult.Status.ACCEPTED);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/metrics", "U0ALICE").body().contains("ACTIVE"));

        String command = get(suite.command, "/actuator/prometheus").body();
        assertThat(value(command, "enclave_intake_commands_total",
                "outcome=\"accepted\",reason=\"none\",type=\"ProvisionEnclave\"")).isEqualTo(1.0);
        assertThat(value(command, "enclave_saga_steps_total",
                "outcome=\"succeeded\",saga=\"provisioning\",step=\"namespace\"")).isEqualTo(1.0);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(value(get(suite.query, "/actuator/prometheus").body(),
                "enclave_processor_lag_seconds_count", "processor=\"projections\"")).isGreaterThanOrEqualTo(2.0));

        HttpResponse<String> readiness = get(suite.command, "/actuator/health/readiness");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode ready = EnclaveJson.mapper().readTree(readiness.body());
        assertThat(ready.at("/components/kubernetes/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/db/status").asText()).isEqualTo("UP");
    }

    /** A sample's value; its labels (sorted by name, as the scrape writes them) start with these. */
    private static double value(String scrape, String metric, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{(?:application=\"[^\"]*\",)?"
                + Pattern.quote(labels) + "[,}][^ ]* (\\S+)$").matcher(scrape);
        return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext service, String path) throws Exception {
        int port = SuiteUnderTest.managementPort(service); // the actuator's own port
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
