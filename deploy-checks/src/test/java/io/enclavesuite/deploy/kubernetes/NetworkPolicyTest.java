package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.deploy.SuiteService;
import io.enclavesuite.deploy.kubernetes.NetworkPolicies.Endpoint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.enclavesuite.deploy.kubernetes.Overlays.NAMESPACE;
import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/** The suite's traffic as its NetworkPolicies allow it: default deny, then only the flows it needs. */
class NetworkPolicyTest {

    private static final Endpoint POSTGRES = Endpoint.pod(NAMESPACE, Map.of("cnpg.io/cluster", "enclave-postgres"));
    private static final Endpoint KAFKA = Endpoint.pod(NAMESPACE, Map.of("strimzi.io/cluster", "enclave-kafka"));
    private static final Endpoint DNS = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
    private static final Endpoint PROMETHEUS = Endpoint.pod("monitoring", Map.of("app", "prometheus"));
    private static final Endpoint OUTSIDE = Endpoint.external("203.0.113.10");
    /** The ingress controller, in the namespace labelled for it (docs/deploy.md). */
    private static final Endpoint INGRESS = Endpoint.pod("ingress-nginx", Map.of("enclave-suite.io/ingress", "true"),
            Map.of("app.kubernetes.io/name", "ingress-nginx"));
    private static final Endpoint API_SERVER = Endpoint.external("10.96.0.1");
    private static final Endpoint TENTACLE = Endpoint.pod("enclave-growth",
            Map.of("app.kubernetes.io/managed-by", "enclave-suite"), Map.of("enclavesuite.io/tentacle", "report"));

    private static Endpoint pod(Manifests manifests, String deployment) {
        return Endpoint.pod(NAMESPACE, manifests.named(Deployment.class, deployment).orElseThrow()
                .getSpec().getTemplate().getMetadata().getLabels());
    }

    private static NetworkPolicies policies(Manifests manifests) {
        return new NetworkPolicies(manifests.all(NetworkPolicy.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceIsIsolatedAndReachesOnlyDnsPostgresqlKafkaAndForTheGatewayAndConsoleTheReadApi(String overlay) {
        Manifests manifests = rendered(overlay);
        NetworkPolicies policies = policies(manifests);
        for (SuiteService service : SuiteService.ALL) {
            Endpoint self = pod(manifests, service.module());
            assertThat(policies.isolates(self, "Ingress")).as(service.module()).isTrue();
            assertThat(policies.isolates(self, "Egress")).as(service.module()).isTrue();
            assertThat(policies.allowsEgress(self, DNS, "UDP", 53)).as(service.module()).isTrue();
            // every service keeps something there: events, read models, the gateway's outbox, the console's sessions
            assertThat(policies.allows(self, POSTGRES, "TCP", 5432)).as(service.module()).isTrue();
            // Kafka's TLS + SCRAM listener only
            assertThat(policies.allows(self, KAFKA, "TCP", 9093)).as(service.module()).isTrue();
            assertThat(policies.allows(self, KAFKA, "TCP", 9092)).as(service.module()).isFalse();
            for (SuiteService other : SuiteService.ALL) {
                // the only flows between services: the gateway reads for the Slack user it verified, and asks
                // coordination-service for the times of a room's proposals for each participant; the console reads
                // for the person signed in, and downloads a holder's receipt export from the write service that owns
                // its stream (/internal/receipts/{id}/events)
                boolean gatewayReads = service.module().equals("slack-gateway")
                        && List.of("enclave-query", "coordination-service").contains(other.module())
                        || service.module().equals("console")
                        && List.of("enclave-query", "coordination-service", "enclave-command").contains(other.module());
                assertThat(policies.allows(self, pod(manifests, other.module()), "TCP", other.port()))
                        .as(service.module() + " -> " + other.module()).isEqualTo(gatewayReads);
            }
        }
    }

    /** Prometheus scrapes the actuator on its own port; the APIs (and the write services' /internal) stay shut. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void monitoringReachesOnlyTheManagementPorts(String overlay) {
        Manifests manifests = rendered(overlay);
        NetworkPolicies policies = policies(manifests);
        for (SuiteService service : SuiteService.ALL) {
            Endpoint self = pod(manifests, service.module());
            assertThat(policies.allows(PROMETHEUS, self, "TCP", service.managementPort())).as(service.module()).isTrue();
            for (SuiteService other : SuiteService.ALL) {
                assertThat(policies.allows(PROMETHEUS, self, "TCP", other.port()))
                        .as("monitoring -> " + service.module() + ":" + other.port()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noServiceAndNothingOutsideReachesAManagementPort(String overlay) {
        Manifests manifests = rendered(overlay);
        NetworkPolicies policies = policies(manifests);
        for (SuiteService service : SuiteService.ALL) {
            Endpoint self = pod(manifests, service.module());
            assertThat(policies.allows(OUTSIDE, self, "TCP", service.managementPort())).as(service.module()).isFalse();
            assertThat(policies.allows(TENTACLE, self, "TCP", service.managementPort())).as(service.module()).isFalse();
            for (SuiteService other : SuiteService.ALL) {
                assertThat(policies.allows(pod(manifests, other.module()), self, "TCP", service.managementPort()))
                        .as(other.module() + " -> " + service.module() + " management").isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheReadApiTheGatewayAndTheConsoleTakeRequestsAndOnlyFromTheIngressController(String overlay) {
        Manifests manifests = rendered(overlay);
        NetworkPolicies policies = policies(manifests);

        assertThat(policies.allows(INGRESS, pod(manifests, "enclave-query"), "TCP", 8080)).isTrue();
        assertThat(policies.allows(INGRESS, pod(manifests, "slack-gateway"), "TCP", 8084)).isTrue();
        assertThat(policies.allows(INGRESS, pod(manifests, "console"), "TCP", 8086)).isTrue();
        for (SuiteService service : SuiteService.ALL) {
            Endpoint self = pod(manifests, service.module());
            boolean published = List.of("enclave-query", "slack-gateway", "console").contains(service.module());
            assertThat(policies.allows(INGRESS, self, "TCP", service.port())).as(service.module()).isEqualTo(published);
            assertThat(policies.allows(INGRESS, self, "TCP", service.managementPort())).as(service.module()).isFalse();
            assertThat(policies.allows(OUTSIDE, self, "TCP", service.port())).as(service.module()).isFalse();
            assertThat(policies.allows(TENTACLE, self, "TCP", service.port())).as(service.module()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyEnclaveCommandReachesTheKubernetesApi(String overlay) {
        Manifests manifests = rendered(overlay);
        NetworkPolicies policies = policies(manifests);

        assertThat(policies.allows(pod(manifests, "enclave-command"), API_SERVER, "TCP", 6443)).isTrue();
        assertThat(policies.allows(pod(manifests, "enclave-command"), API_SERVER, "TCP", 443)).isTrue();
        for (String other : List.of("coordination-service", "enclave-query", "slack-gateway", "console")) {
            assertThat(policies.allows(pod(manifests, other), API_SERVER, "TCP", 6443)).as(other).isFalse();
        }
        // the write side of coordination talks to nothing outside the cluster
        assertThat(policies.allows(pod(manifests, "coordination-service"), OUTSIDE, "TCP", 443)).isFalse();
    }

    @Test
    void devObjectStorageTakesEnclaveCommandAndTentaclesOnly() {
        Manifests manifests = rendered("dev");
        NetworkPolicies policies = policies(manifests);
        Endpoint minio = pod(manifests, "minio");

        assertThat(policies.allows(pod(manifests, "enclave-command"), minio, "TCP", 9000)).isTrue();
        assertThat(policies.allows(TENTACLE, minio, "TCP", 9000)).isTrue();
        assertThat(policies.allows(pod(manifests, "enclave-query"), minio, "TCP", 9000)).isFalse();
        assertThat(policies.allows(OUTSIDE, minio, "TCP", 9000)).isFalse();
        assertThat(policies.allows(minio, OUTSIDE, "TCP", 443)).isFalse();
    }

    @Test
    void aPodNoPolicySelectsIsOpenAndIpBlocksHonourTheirExceptions() {
        NetworkPolicy policy = new NetworkPolicyBuilder().withNewMetadata().withName("p").withNamespace("n").endMetadata()
                .withNewSpec().withNewPodSelector().addToMatchLabels("app", "a").endPodSelector()
                .withPolicyTypes("Egress")
                .addNewEgress().addNewTo().withNewIpBlock().withCidr("10.0.0.0/8").withExcept("10.1.0.0/16").endIpBlock()
                .endTo().endEgress()
                .endSpec().build();
        NetworkPolicies policies = new NetworkPolicies(List.of(policy));
        Endpoint a = Endpoint.pod("n", Map.of("app", "a"));
        Endpoint b = Endpoint.pod("n", Map.of("app", "b"));

        assertThat(policies.allows(b, Endpoint.external("192.0.2.1"), "TCP", 80)).isTrue();
        assertThat(policies.allows(a, Endpoint.external("10.2.3.4"), "TCP", 80)).isTrue();
        assertThat(policies.allows(a, Endpoint.external("10.1.3.4"), "TCP", 80)).isFalse();
        assertThat(policies.allows(a, b, "TCP", 80)).isFalse();
    }
}
