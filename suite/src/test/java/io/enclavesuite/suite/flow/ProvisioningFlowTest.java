package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
            HttpResponse<String> response = suite.get("/api/enclaves/growth", "U0ALICE");
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
        // provisioned once: no event twice, and the bucket reported after the activation
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.storedEventTypes("growth"))
                .isEqualTo(SuiteUnderTest.PROVISIONED));
        assertGuardrails("enclave-growth", "growth");
    }

    /**
     * The small preset's quota, the container defaults, deny-by-default networking with DNS and the shared services
     * allowed, and the workloads' RBAC.
     */
    private static void assertGuardrails(String namespace, String enclave) {
        var inNamespace = kubernetes.resourceQuotas().inNamespace(namespace);
        var hard = inNamespace.withName("enclave-quota").get().getSpec().getHard();
        assertThat(hard.get("requests.cpu").toString()).isEqualTo("4");
        assertThat(hard.get("requests.memory").toString()).isEqualTo("4Gi");
        assertThat(hard.get("pods").toString()).isEqualTo("20");
        var limits = kubernetes.limitRanges().inNamespace(namespace).withName("enclave-container-defaults").get()
                .getSpec().getLimits().get(0);
        assertThat(limits.getDefaultRequest().get("cpu").toString()).isEqualTo("50m");
        assertThat(limits.getDefaultRequest().get("memory").toString()).isEqualTo("64Mi");
        assertThat(limits.getDefault().get("cpu").toString()).isEqualTo("500m");
        assertThat(limits.getDefault().get("memory").toString()).isEqualTo("256Mi");

        var policies = kubernetes.network().v1().networkPolicies().inNamespace(namespace);
        var denyAll = policies.withName("default-deny").get().getSpec();
        assertThat(denyAll.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(denyAll.getIngress()).isNullOrEmpty();
        assertThat(denyAll.getEgress()).isNullOrEmpty();
        assertThat(policies.withName("allow-same-namespace").get().getSpec().getIngress()).hasSize(1);
        var dns = policies.withName("allow-dns").get().getSpec().getEgress().get(0);
        assertThat(dns.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactlyInAnyOrder("UDP/53", "TCP/53");
        assertThat(dns.getTo().get(0).getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "kube-system");
        var shared = policies.withName("allow-shared-services").get().getSpec();
        assertThat(shared.getPolicyTypes()).containsExactly("Egress");
        assertThat(shared.getEgress()).singleElement().satisfies(rule -> {
            assertThat(rule.getTo().get(0).getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "enclave-suite");
            assertThat(rule.getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("TCP/5432", "TCP/9000", "TCP/4222");
        });

        assertThat(kubernetes.serviceAccounts().inNamespace(namespace).withName("enclave-workloads").get()).isNotNull();
        var role = kubernetes.rbac().roles().inNamespace(namespace).withName("enclave-workloads").get();
        assertThat(role.getRules()).noneSatisfy(rule -> assertThat(rule.getResources()).contains("networkpolicies"));
        assertThat(role.getRules()).anySatisfy(rule -> assertThat(rule.getResources()).contains("deployments"));
        var binding = kubernetes.rbac().roleBindings().inNamespace(namespace).withName("enclave-workloads").get();
        assertThat(binding.getRoleRef().getName()).isEqualTo("enclave-workloads");
        assertThat(binding.getSubjects().get(0).getName()).isEqualTo("enclave-workloads");

        // every object made for the enclave is findable by its label, so cleanup can find it too
        assertThat(kubernetes.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel("enclavesuite.io/enclave", enclave).list().getItems()).hasSize(4);
        assertThat(kubernetes.resourceQuotas().inNamespace(namespace)
                .withLabel("enclavesuite.io/enclave", enclave).list().getItems()).hasSize(1);
    }

    @Test
    void theSameEnvelopeTwiceMakesOneEnclaveAndRepeatsTheFirstResult() throws Exception {
        UUID commandId = UUID.randomUUID();
        CommandEnvelope envelope = suite.envelope(commandId, "ProvisionEnclave", provision("twice", "C0TWICE"));

        suite.send("twice", envelope);
        await().atMost(PATIENCE).until(() -> suite.resultsFor(commandId).size() == 1);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/twice", "U0ALICE").body().contains("ACTIVE"));
        suite.send("twice", envelope);
        await().atMost(PATIENCE).until(() -> suite.resultsFor(commandId).size() == 2);

        assertThat(suite.resultsFor(commandId).get(1)).isEqualTo(suite.resultsFor(commandId).get(0));
        assertThat(suite.resultsFor(commandId).get(0).accepted()).isTrue();
        // provisioned once: no event twice, and the bucket reported after the activation
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.storedEventTypes("twice"))
                .isEqualTo(SuiteUnderTest.PROVISIONED));
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
        assertThat(suite.get("/api/enclaves/broken", "U0ALICE").statusCode()).isEqualTo(404);
    }

    @Test
    void anUnknownCommandTypeIsDeadLetteredAndRejected() throws Exception {
        UUID commandId = UUID.randomUUID();
        suite.send("growth", suite.envelope(commandId, "CompleteProvisioning",
                "{\"enclaveId\":\"growth\",\"namespace\":\"enclave-growth\"}"));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        assertThat(suite.resultsFor(commandId).get(0).reason())
                .isEqualTo(io.enclavesuite.api.CommandCatalog.TEAM.unknownTypeReason("CompleteProvisioning", suite.topics))
                .contains("ProvisionEnclave, RegisterMember");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.deadLetters())
                .anySatisfy(d -> assertThat(d.reason()).contains("CompleteProvisioning")));
    }

    @Test
    void anOversizeEnvelopeIsDeadLetteredAndRejectedUnread() throws Exception {
        UUID commandId = UUID.randomUUID();
        long eventsBefore = suite.storedEvents();
        String huge = "x".repeat(70_000);
        suite.send("growth", suite.envelope(commandId, "RenameChannel",
                "{\"enclaveId\":\"growth\",\"channelName\":\"" + huge + "\"}"));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        assertThat(suite.resultsFor(commandId).get(0).reason())
                .matches("envelope of \\d+ bytes is larger than the limit of 65536");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.deadLetters())
                .anySatisfy(d -> assertThat(d.reason()).startsWith("envelope of ")));
        assertThat(suite.storedEvents()).isEqualTo(eventsBefore);
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
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/taken", "U0ALICE").body().contains("ACTIVE"));

        UUID second = UUID.randomUUID();
        suite.send("taken", suite.envelope(second, "ProvisionEnclave", provision("taken", "C0TAKEN")));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(second).isEmpty());
        assertThat(suite.resultsFor(second).get(0).reason()).isEqualTo("enclave 'taken' already exists (active)");
        // provisioned once: no event twice, and the bucket reported after the activation
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.storedEventTypes("taken"))
                .isEqualTo(SuiteUnderTest.PROVISIONED));
    }

    @Test
    void aChannelHasOneEnclaveAndASecondIsRejectedWithTheFirstsName() throws Exception {
        UUID first = UUID.randomUUID();
        suite.send("first-one", suite.envelope(first, "ProvisionEnclave", provision("first-one", "C0SHARED")));
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/first-one", "U0ALICE").body().contains("ACTIVE"));

        UUID second = UUID.randomUUID();
        suite.send("second-one", suite.envelope(second, "ProvisionEnclave", provision("second-one", "C0SHARED")));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(second).isEmpty());
        assertThat(suite.resultsFor(second).get(0).reason())
                .isEqualTo("channel C0SHARED already has an enclave: 'first-one'");
        assertThat(suite.storedEvents("second-one")).isZero();
    }

    @Test
    void theBindingHoldsInsideTheTransactionEvenWithoutTheIntakesCheck() throws Exception {
        UUID first = UUID.randomUUID();
        suite.send("holder", suite.envelope(first, "ProvisionEnclave", provision("holder", "C0HELD")));
        await().atMost(PATIENCE).until(() -> !suite.resultsFor(first).isEmpty());

        CommandGateway gateway = suite.command.getBean(CommandGateway.class);
        var sneaky = new ProvisionEnclave(EnclaveId.of("sneaky"), new ChannelRef(ChannelId.of("C0HELD"), "held"),
                UserId.of("U0MALLORY"), null, null);

        assertThatThrownBy(() -> gateway.sendAndWait(sneaky))
                .hasMessage("channel C0HELD already has an enclave: 'holder'");
        assertThat(suite.storedEvents("sneaky")).isZero();
    }

    @Test
    void aRequestFromOneChannelCannotProvisionAnothersEnclave() throws Exception {
        UUID commandId = UUID.randomUUID();
        suite.send("elsewhere", suite.envelope(commandId, "ProvisionEnclave", provision("elsewhere", "C0THEIRS"),
                "C0MINE"));

        await().atMost(PATIENCE).until(() -> !suite.resultsFor(commandId).isEmpty());
        assertThat(suite.resultsFor(commandId).get(0).reason()).isEqualTo(
                "a channel provisions only its own enclave: the request came from C0MINE but names channel C0THEIRS");
        assertThat(suite.storedEvents("elsewhere")).isZero();
    }

    @Test
    void anUnknownEnclaveIsAProblemDocument() throws Exception {
        HttpResponse<String> response = suite.get("/api/enclaves/nobody", "U0ALICE");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("no enclave named 'nobody'");
    }
}
