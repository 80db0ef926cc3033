package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The posture check against a mock API server: CRUD for the suite's namespace and its network policies, and
 * SelfSubjectAccessReviews answered by an authorizer each test sets — none allowed (the suite as k8s/base binds it),
 * or the rights of the ClusterRole the suite had before its rights were split (Secrets and workloads everywhere).
 */
class SuitePostureTest {

    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private static final String OWN = SuiteAccount.DEFAULTS.namespace();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private volatile Predicate<ResourceAttributes> authorizer = attributes -> false;
    private SuitePosture posture;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void apiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = server.createClient();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReply(201, request -> {
                    SelfSubjectAccessReview review = Serialization.unmarshal(request.getUtf8Body(),
                            SelfSubjectAccessReview.class);
                    review.setStatus(new SubjectAccessReviewStatusBuilder()
                            .withAllowed(authorizer.test(review.getSpec().getResourceAttributes())).build());
                    return review;
                }).always();
        posture = new SuitePosture(client, SuiteAccount.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
        posture.bindTo(meters);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void theSuiteAsDeployedHasNoFinding() {
        guardedNamespace("restricted");

        SuitePosture.Report report = posture.check();

        assertThat(report.findings()).isEmpty();
        assertThat(report.error()).isNull();
        assertThat(report.checkedAt()).isEqualTo(NOW);
        assertThat(meters.get("enclave.posture.findings").gauge().value()).isZero();
    }

    @Test
    void aClusterRoleReadingSecretsAndWritingWorkloadsEverywhereIsFound() {
        guardedNamespace("restricted");
        authorizer = attributes -> attributes.getResource().equals("secrets")
                || attributes.getResource().equals("deployments");

        SuitePosture.Report report = posture.check();

        assertThat(report.findings()).extracting(SuitePosture.Finding::check).containsExactly(
                "secrets-kube-system", "secrets-every-namespace", "secrets-own-namespace", "writes-outside-enclaves");
        assertThat(meters.get("enclave.posture.findings").gauge().value()).isEqualTo(4);
    }

    @Test
    void rightsToGrantRightsAreFound() {
        guardedNamespace("restricted");
        authorizer = attributes -> attributes.getResource().equals("clusterrolebindings")
                || attributes.getVerb().equals("escalate") || attributes.getVerb().equals("impersonate")
                || "cluster-admin".equals(attributes.getName());

        assertThat(posture.check().findings()).extracting(SuitePosture.Finding::check).containsExactly(
                "cluster-role-bindings", "escalate-cluster-roles", "escalate-roles", "bind-cluster-admin",
                "impersonate");
    }

    @Test
    void bindingOnlyTheInEnclaveRoleIsNoFinding() {
        guardedNamespace("restricted");
        authorizer = attributes -> attributes.getVerb().equals("bind")
                && "enclave-command-in-enclave".equals(attributes.getName());

        assertThat(posture.check().findings()).isEmpty();
    }

    @Test
    void aNamespaceWithoutRestrictedPodSecurityOrDefaultDenyIsFound() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OWN)
                .addToLabels(SuitePosture.POD_SECURITY, "baseline").endMetadata().build()).create();
        client.network().v1().networkPolicies().inNamespace(OWN).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("deny-ingress-only").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec()
                .build()).create();

        SuitePosture.Report report = posture.check();

        assertThat(report.findings()).extracting(SuitePosture.Finding::check)
                .containsExactly("pod-security", "default-deny");
        assertThat(report.findings().get(1).description()).contains("for egress");
    }

    @Test
    void aDefaultDenyThatDoesNotSelectTheSuitesPodIsNoDefaultDeny() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OWN)
                .addToLabels(SuitePosture.POD_SECURITY, "restricted").endMetadata().build()).create();
        client.network().v1().networkPolicies().inNamespace(OWN).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("default-deny").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "enclave-query")
                .endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec().build()).create();

        assertThat(posture.check().findings()).extracting(SuitePosture.Finding::check).containsExactly("default-deny");
    }

    @Test
    void aFindingGoesWhenTheRightIsTakenAwayAndAMissingNamespaceIsOne() {
        assertThat(posture.check().findings()).extracting(SuitePosture.Finding::check)
                .containsExactly("own-namespace");
        guardedNamespace("restricted");
        authorizer = attributes -> attributes.getResource().equals("clusterrolebindings");
        assertThat(posture.check().findings()).extracting(SuitePosture.Finding::check)
                .containsExactly("cluster-role-bindings");

        authorizer = attributes -> false;

        assertThat(posture.check().findings()).isEmpty();
        assertThat(posture.last().findings()).isEmpty();
    }

    @Test
    void beforeTheFirstCheckTheGaugeShowsNoValue() {
        assertThat(posture.last()).isNull();
        assertThat(meters.get("enclave.posture.findings").gauge().value()).isNaN();
    }

    /** As k8s/base makes the suite's namespace: Pod Security, a default-deny selecting the suite's pods by name. */
    private void guardedNamespace(String podSecurity) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OWN)
                .addToLabels(SuitePosture.POD_SECURITY, podSecurity).endMetadata().build()).create();
        client.network().v1().networkPolicies().inNamespace(OWN).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("default-deny").endMetadata()
                .withNewSpec().withNewPodSelector().addNewMatchExpression().withKey("app.kubernetes.io/name")
                .withOperator("In").withValues("enclave-command", "enclave-query").endMatchExpression()
                .endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec().build()).create();
    }
}
