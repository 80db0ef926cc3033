package io.enclavesuite.command.kubernetes;

import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.TentacleName;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The teardown adapter against the test Kubernetes API: it takes one enclave apart, and only that one. */
class Fabric8EnclaveTeardownTest {

    private static final KubernetesClient kubernetes = TestNamespaces.client();

    private static EnclaveId enclaveWithTentacles() {
        EnclaveId enclave = TestNamespaces.provisioned(kubernetes, "teardown");
        var workloads = new Fabric8TentacleWorkloads(kubernetes);
        workloads.apply(new TentacleWorkload(enclave, TentacleName.of("report"),
                ContainerImage.of("ghcr.io/acme/report:1.0.0"), CronSchedule.of("0 2 * * *"), false,
                UserId.of("U0ALICE"), Mode.DEFAULT, "U0ALICE", "slack", List.of()));
        workloads.run(enclave, TentacleName.of("report"), 1);
        workloads.apply(new TentacleWorkload(enclave, TentacleName.of("api"), ContainerImage.of("ghcr.io/acme/api:2.1"),
                null, false, UserId.of("U0ALICE"), Mode.DEFAULT, "U0ALICE", "slack", List.of()));
        return enclave;
    }

    /** What the shared-service wiring will add: labelled like everything else the suite makes. */
    private static void withSharedServiceWiring(EnclaveId enclave) {
        var meta = new ObjectMetaBuilder().withName("postgres").withNamespace(enclave.namespace())
                .withLabels(EnclaveLabels.ownedBy(enclave.value())).build();
        kubernetes.resource(new SecretBuilder().withMetadata(meta).addToStringData("password", "test").build())
                .create();
        kubernetes.resource(new ConfigMapBuilder().withMetadata(meta).addToData("host", "postgres").build()).create();
        kubernetes.resource(new ServiceBuilder().withMetadata(meta).withNewSpec().withType("ExternalName")
                .withExternalName("postgres.enclave-suite.svc").endSpec().build()).create();
    }

    /** Every object of every kind the suite makes that still carries the enclave's label. */
    private static List<HasMetadata> labelled(EnclaveId enclave) {
        String namespace = enclave.namespace();
        String name = enclave.value();
        return Stream.<List<? extends HasMetadata>>of(
                        kubernetes.apps().deployments().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.batch().v1().cronjobs().inNamespace(namespace)
                                .withLabel(EnclaveLabels.ENCLAVE, name).list().getItems(),
                        kubernetes.batch().v1().jobs().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.resourceQuotas().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.limitRanges().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.network().v1().networkPolicies().inNamespace(namespace)
                                .withLabel(EnclaveLabels.ENCLAVE, name).list().getItems(),
                        kubernetes.serviceAccounts().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.rbac().roles().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.rbac().roleBindings().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.secrets().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.configMaps().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.services().inNamespace(namespace).withLabel(EnclaveLabels.ENCLAVE, name)
                                .list().getItems(),
                        kubernetes.namespaces().withLabel(EnclaveLabels.ENCLAVE, name).list().getItems())
                .<HasMetadata>flatMap(List::stream)
                .toList();
    }

    @Test
    void stoppingTentaclesDeletesTheWorkloadsAndSaysWhich() {
        EnclaveId enclave = enclaveWithTentacles();
        var teardown = new Fabric8EnclaveTeardown(kubernetes);

        assertThat(teardown.stopTentacles(enclave))
                .containsExactly("CronJob/report", "Deployment/api", "Job/report-run-1");
        assertThat(teardown.stopTentacles(enclave)).as("a second time finds nothing").isEmpty();
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).list().getItems()).isEmpty();
        assertThat(kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).list().getItems()).isEmpty();
        assertThat(kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).list().getItems()).isEmpty();
        assertThat(kubernetes.namespaces().withName(enclave.namespace()).get()).isNotNull();
        assertThat(kubernetes.serviceAccounts().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.WORKLOADS).get()).as("guardrails stay").isNotNull();
    }

    @Test
    void deletingTheNamespaceLeavesNothingOfTheEnclaveAndNothingOfAnotherIsTouched() {
        EnclaveId enclave = enclaveWithTentacles();
        withSharedServiceWiring(enclave);
        EnclaveId neighbour = enclaveWithTentacles();
        var teardown = new Fabric8EnclaveTeardown(kubernetes);

        List<String> removed = teardown.deleteNamespace(enclave);

        assertThat(removed).contains("Namespace/" + enclave.namespace(), "ResourceQuota/enclave-quota",
                "LimitRange/enclave-container-defaults", "NetworkPolicy/default-deny",
                "NetworkPolicy/allow-shared-services", "ServiceAccount/enclave-workloads", "Role/enclave-workloads",
                "RoleBinding/enclave-workloads", "RoleBinding/enclave-suite-rights", "Secret/postgres",
                "ConfigMap/postgres", "Service/postgres",
                "CronJob/report", "Deployment/api", "Job/report-run-1").isSorted();
        assertThat(teardown.namespaceGone(enclave)).isTrue();
        assertThat(labelled(enclave)).as("the mock API server does not cascade; nothing may be left").isEmpty();
        assertThat(teardown.deleteNamespace(enclave)).as("a second time finds nothing").isEmpty();
        assertThat(kubernetes.namespaces().withName(neighbour.namespace()).get()).isNotNull();
        assertThat(kubernetes.batch().v1().cronjobs().inNamespace(neighbour.namespace()).list().getItems()).hasSize(1);
        assertThat(kubernetes.network().v1().networkPolicies().inNamespace(neighbour.namespace()).list().getItems())
                .hasSize(4);
    }
}
