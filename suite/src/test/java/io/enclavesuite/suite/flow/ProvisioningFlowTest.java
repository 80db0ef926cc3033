package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One command the whole way: Kafka → intake → Axon → PostgreSQL event store → saga → Kubernetes API →
 * CompleteProvisioning → tracking publisher → Kafka → query projection → HTTP.
 */
class ProvisioningFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static SuiteUnderTest suite;
    private static KubernetesClient kubernetes;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startAll();
        kubernetes = suite.infrastructure.newKubernetesClient();
    }

    @AfterAll
    static void stop() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    private static String provision(String name, String channel) {
        return """
                {"enclaveId":"%s","channel":{"id":"%s","name":"%s"},"owner":"U0ALICE","quota":"small"}"""
                .formatted(name, channel, name);
    }

    @Test
    void aProvisionedEnclaveBecomesActiveWithItsNamespace() throws Exception {
        UUID commandId = UUID.randomUUID();
        suite.send("growth", suite.envelope(commandId, "ProvisionEnclave", provision("growth", "C0GROWTH")));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        CommandResult result = suite.resultsFor(commandId).get(0);
        assertThat(result.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(result.aggregateId()).isEqualTo("growth");

        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> response = suite.get("/api/enclaves/growth");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode enclave = EnclaveJson.mapper().readTree(response.body());
            assertThat(enclave.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(enclave.path("owner").asText()).isEqualTo("U0ALICE");
            assertThat(enclave.path("channel").path("id").asText()).isEqualTo("C0GROWTH");
            assertThat(enclave.path("namespace").asText()).isEqualTo("enclave-growth");
            assertThat(enclave.path("quota").asText()).isEqualTo("small");
            assertThat(enclave.path("activatedAt").isTextual()).isTrue();
        });

        Namespace namespace = kubernetes.namespaces().withName("enclave-growth").get();
        assertThat(namespace).isNotNull();
        assertThat(namespace.getMetadata().getLabels())
                .containsEntry("enclavesuite.io/enclave", "growth")
                .containsEntry("app.kubernetes.io/managed-by", "enclave-suite")
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(namespace.getMetadata().getAnnotations())
                .containsEntry("enclavesuite.io/owner", "U0ALICE")
                .containsEntry("enclavesuite.io/channel-id", "C0GROWTH")
                .containsEntry("enclavesuite.io/mode", "rwxrwx---");
        assertThat(suite.storedEvents("growth")).isEqualTo(2);
    }

    @Test
    void theSameEnvelopeTwiceMakesOneEnclaveAndRepeatsTheFirstResult() throws Exception {
        UUID commandId = UUID.randomUUID();
        CommandEnvelope envelope = suite.envelope(commandId, "ProvisionEnclave", provision("twice", "C0TWICE"));

        suite.send("twice", envelope);
        await().atMost(PATIENCE).until(() -> suite.resultsFor(commandId).size() == 1);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/twice").body().contains("ACTIVE"));
        suite.send("twice", envelope);
        await().atMost(PATIENCE).until(() -> suite.resultsFor(commandId).size() == 2);

        assertThat(suite.resultsFor(commandId).get(1)).isEqualTo(suite.resultsFor(commandId).get(0));
        assertThat(suite.resultsFor(commandId).get(0).accepted()).isTrue();
        assertThat(suite.storedEvents("twice")).isEqualTo(2);
        assertThat(kubernetes.namespaces().withLabel("enclavesuite.io/enclave", "twice").list().getItems()).hasSize(1);
    }

    @Test
    void aMalformedEnvelopeGoesToTheDeadLetterTopicAndChangesNothing() throws Exception {
        long eventsBefore = suite.storedEvents();
        int deadBefore = suite.deadLetters().size();

        suite.sendRaw("broken", "{\"commandId\": \"not-a-uuid\", \"type\": ");

        await().atMost(PATIENCE).until(() -> suite.deadLetters().size() == deadBefore + 1);
        var deadLetter = suite.deadLetters().get(deadBefore);
        assertThat(deadLetter.reason()).startsWith("not a command envelope:");
        assertThat(deadLetter.value()).isEqualTo("{\"commandId\": \"not-a-uuid\", \"type\": ");
        assertThat(deadLetter.key()).isEqualTo("broken");
        assertThat(suite.storedEvents()).isEqualTo(eventsBefore);
        assertThat(suite.get("/api/enclaves/broken").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownCommandTypeIsDeadLetteredAndRejected() throws Exception {
        UUID commandId = UUID.randomUUID();
        suite.send("growth", suite.envelope(commandId, "CompleteProvisioning",
                "{\"enclaveId\":\"growth\",\"namespace\":\"enclave-growth\"}"));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        assertThat(suite.resultsFor(commandId).get(0).reason())
                .isEqualTo("unknown command type 'CompleteProvisioning' (known: ProvisionEnclave)");
        assertThat(suite.deadLetters()).anySatisfy(d -> assertThat(d.reason()).contains("CompleteProvisioning"));
    }

    @Test
    void anInvalidPayloadIsRejectedWithTheReasonAndStoresNothing() throws Exception {
        long eventsBefore = suite.storedEvents();
        UUID commandId = UUID.randomUUID();
        suite.send("Bad!", suite.envelope(commandId, "ProvisionEnclave", provision("Bad!", "C0BAD")));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        CommandResult result = suite.resultsFor(commandId).get(0);
        assertThat(result.status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(result.reason()).isEqualTo("invalid ProvisionEnclave: enclave name 'Bad!' must be lower-case "
                + "letters, digits and '-', starting and ending with a letter or digit");
        assertThat(suite.storedEvents()).isEqualTo(eventsBefore);
    }

    @Test
    void provisioningAnExistingEnclaveIsRejectedWithItsState() throws Exception {
        UUID first = UUID.randomUUID();
        suite.send("taken", suite.envelope(first, "ProvisionEnclave", provision("taken", "C0TAKEN")));
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/taken").body().contains("ACTIVE"));

        UUID second = UUID.randomUUID();
        suite.send("taken", suite.envelope(second, "ProvisionEnclave", provision("taken", "C0TAKEN")));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(second).isEmpty());
        assertThat(suite.resultsFor(second).get(0).reason()).isEqualTo("enclave 'taken' already exists (active)");
        assertThat(suite.storedEvents("taken")).isEqualTo(2);
    }

    @Test
    void anUnknownEnclaveIsAProblemDocument() throws Exception {
        HttpResponse<String> response = suite.get("/api/enclaves/nobody");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("no enclave named 'nobody'");
    }
}
