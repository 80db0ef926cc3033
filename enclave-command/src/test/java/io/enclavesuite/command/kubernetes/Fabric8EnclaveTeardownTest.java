package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.TentacleName;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    @Test
    void stoppingTentaclesDeletesTheWorkloadsAndSaysWhich() {
        EnclaveId enclave = enclaveWithTentacles();
        var teardown = new Fabric8EnclaveTeardown(kubernetes);

        assertThat(teardown.stopTentacles(enclave))
                .containsExactly("CronJob/report", "Deployment/api", "Job/report-run-1");
        assertThat(teardown.stopTentacles(enclave)).as("a second time finds nothing").isEmpty();
        assertThat(kubernetes.namespaces().withName(enclave.namespace()).get()).isNotNull();
    }

    @Test
    void deletingTheNamespaceLeavesNothingOfTheEnclaveAndNothingOfAnotherIsTouched() {
        EnclaveId enclave = enclaveWithTentacles();
        EnclaveId neighbour = enclaveWithTentacles();
        var teardown = new Fabric8EnclaveTeardown(kubernetes);

        List<String> removed = teardown.deleteNamespace(enclave);

        assertThat(removed).contains("Namespace/" + enclave.namespace(), "ResourceQuota/enclave-quota",
                "LimitRange/enclave-container-defaults", "NetworkPolicy/default-deny",
                "NetworkPolicy/allow-shared-services", "ServiceAccount/enclave-workloads", "Role/enclave-workloads",
                "RoleBinding/enclave-workloads", "CronJob/report", "Deployment/api").isSorted();
        assertThat(teardown.namespaceGone(enclave)).isTrue();
        assertThat(teardown.deleteNamespace(enclave)).as("a second time finds nothing").isEmpty();
        assertThat(kubernetes.network().v1().networkPolicies().inNamespace(enclave.namespace()).list().getItems())
                .isEmpty();
        assertThat(kubernetes.namespaces().withName(neighbour.namespace()).get()).isNotNull();
        assertThat(kubernetes.batch().v1().cronjobs().inNamespace(neighbour.namespace()).list().getItems()).hasSize(1);
        assertThat(kubernetes.network().v1().networkPolicies().inNamespace(neighbour.namespace()).list().getItems())
                .hasSize(4);
    }
}
