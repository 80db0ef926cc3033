package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.command.kubernetes.SuiteAccount;
import io.enclavesuite.command.kubernetes.SuitePosture;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;

import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * enclave-command's posture check against an API server whose access reviews are answered from the rendered
 * manifests — the ClusterRoles bound cluster-wide to its ServiceAccount; outside enclave namespaces nothing else binds
 * it — and which holds the suite's namespace and network policies as the overlay makes them: as deployed, the suite
 * finds nothing; with the single ClusterRole it had before, it finds its cluster-wide Secrets and writes.
 */
class SuitePostureOfTheManifestsTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private volatile Set<Permission> clusterWide = Set.of();

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
                    ResourceAttributes asked = review.getSpec().getResourceAttributes();
                    Permission wanted = new Permission(asked.getGroup(), asked.getResource()
                            + (asked.getSubresource() == null || asked.getSubresource().isEmpty()
                            ? "" : "/" + asked.getSubresource()), asked.getVerb(),
                            asked.getName() == null ? "" : asked.getName());
                    review.setStatus(new SubjectAccessReviewStatusBuilder()
                            .withAllowed(clusterWide.stream().anyMatch(held -> held.covers(wanted))).build());
                    return review;
                }).always();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSuiteAsDeployedFindsNothing(String overlay) {
        Manifests manifests = rendered(overlay);
        clusterWide = boundClusterWide(manifests);
        deploySuitesNamespace(manifests);

        SuitePosture.Report report = posture().check();

        assertThat(report.error()).isNull();
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void theSingleClusterRoleOfBeforeIsFound() {
        deploySuitesNamespace(rendered("prod"));
        clusterWide = Permission.of(List.of(new PolicyRuleBuilder().withApiGroups("")
                        .withResources("configmaps", "secrets", "services").withVerbs("create", "get", "list").build(),
                new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs("create").build()));

        assertThat(posture().check().findings()).extracting(SuitePosture.Finding::check).containsExactly(
                "secrets-kube-system", "secrets-every-namespace", "secrets-own-namespace", "writes-outside-enclaves");
    }

    private SuitePosture posture() {
        return new SuitePosture(client, SuiteAccount.DEFAULTS, Clock.systemUTC());
    }

    /** Every rule of every ClusterRole a ClusterRoleBinding gives the suite's ServiceAccount. */
    private static Set<Permission> boundClusterWide(Manifests manifests) {
        SuiteAccount suite = SuiteAccount.DEFAULTS;
        Set<Permission> held = new TreeSet<>();
        for (ClusterRoleBinding binding : manifests.all(ClusterRoleBinding.class)) {
            boolean ours = binding.getSubjects().stream().anyMatch(subject -> subject.getKind().equals("ServiceAccount")
                    && subject.getName().equals(suite.name()) && subject.getNamespace().equals(suite.namespace()));
            if (ours) {
                ClusterRole role = manifests.named(ClusterRole.class, binding.getRoleRef().getName()).orElseThrow();
                held.addAll(Permission.of(role.getRules()));
            }
        }
        assertThat(held).isNotEmpty();
        return held;
    }

    private void deploySuitesNamespace(Manifests manifests) {
        for (Namespace namespace : manifests.all(Namespace.class)) {
            client.namespaces().resource(namespace).create();
        }
        for (NetworkPolicy policy : manifests.all(NetworkPolicy.class)) {
            client.network().v1().networkPolicies().inNamespace(policy.getMetadata().getNamespace()).resource(policy)
                    .create();
        }
    }
}
