package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.enclave.tentacle.TentacleServiceSources;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.OnDemandServicesTest;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.ALICE;
import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Disaster recovery of the cluster: a suite holding enclaves in every state, with tentacles scheduled and not and
 * with the shared services the test infrastructure has, is pointed at a new, empty Kubernetes API; one full pass
 * rebuilds every active and frozen enclave whole, once, and records each object it put back.
 */
class FreshClusterRebuildTest {

    private static final int ENCLAVES = 50;
    private static final String NIGHTLY = "0 2 * * *";
    private static final Logger log = LoggerFactory.getLogger(FreshClusterRebuildTest.class);

    private final ReconcilerWorld world = new ReconcilerWorld(TestNamespaces.client());

    /** A tentacle as it was deployed, and so as it should come back. */
    private record Deployed(String name, boolean scheduled, List<Dependency> dependencies) {
    }

    private record Held(EnclaveId enclave, EnclaveStatus status, List<Deployed> tentacles) {
    }

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aNewEmptyClusterGetsEveryActiveAndFrozenEnclaveBackWholeAndNoDeprovisionedOne() {
        List<Held> suite = new ArrayList<>();
        for (int i = 0; i < ENCLAVES; i++) {
            suite.add(hold(i));
        }
        try (KubernetesMock mock = KubernetesMock.start();
             KubernetesClient fresh = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(mock.kubeconfigYaml())).build()) {
            OnDemandServicesTest.installResourceDefinitions(fresh);
            EnclaveReconciler reconciler = world.reconciler(fresh);

            long started = System.nanoTime();
            List<EnclaveReconciler.Repair> repairs = reconciler.reconcileAll();
            log.info("{} enclaves: {} objects put back on an empty cluster in {} ms", ENCLAVES, repairs.size(),
                    (System.nanoTime() - started) / 1_000_000);

            for (Held held : suite) {
                if (held.status() == EnclaveStatus.DEPROVISIONED) {
                    assertThat(fresh.namespaces().withName(held.enclave().namespace()).get()).isNull();
                    assertThat(world.drift(held.enclave())).isEmpty();
                } else {
                    assertRebuilt(fresh, held);
                }
            }
            assertThat(reconciler.reconcileAll()).isEmpty();
        }
    }

    /**
     * Enclave {@code i}: three in five active, one frozen, one deprovisioned; each with a scheduled and a long-running
     * tentacle, some with a database, a storage prefix or messaging, some with a tentacle removed again.
     */
    private Held hold(int i) {
        EnclaveId enclave = world.active("dr");
        List<Deployed> tentacles = new ArrayList<>();
        tentacles.add(deploy(enclave, "nightly", NIGHTLY,
                i % 10 == 0 || i % 20 == 13 ? List.of(Dependency.POSTGRES) : List.of()));
        tentacles.add(deploy(enclave, "api", null, i % 8 == 1 ? List.of(Dependency.OBJECT_STORAGE)
                : i % 7 == 2 ? List.of(Dependency.MESSAGING) : List.of()));
        if (i % 6 == 0) {
            deploy(enclave, "once", NIGHTLY, List.of());
            world.send(new RemoveTentacle(enclave, TentacleName.of("once")), ALICE);
        }
        EnclaveStatus status = switch (i % 5) {
            case 3 -> EnclaveStatus.FROZEN;
            case 4 -> EnclaveStatus.DEPROVISIONED;
            default -> EnclaveStatus.ACTIVE;
        };
        if (status == EnclaveStatus.FROZEN) {
            world.freeze(enclave);
        } else if (status == EnclaveStatus.DEPROVISIONED) {
            world.deprovision(enclave);
        }
        return new Held(enclave, status, tentacles);
    }

    private Deployed deploy(EnclaveId enclave, String name, String schedule, List<Dependency> dependencies) {
        world.deploy(enclave, name, schedule, dependencies.toArray(Dependency[]::new));
        return new Deployed(name, schedule != null, dependencies);
    }

    private void assertRebuilt(KubernetesClient fresh, Held held) {
        EnclaveId enclave = held.enclave();
        String namespace = enclave.namespace();
        assertThat(fresh.namespaces().withName(namespace).get()).isNotNull();
        assertThat(fresh.network().v1().networkPolicies().inNamespace(namespace).list().getItems()).hasSize(4);
        assertThat(fresh.rbac().roleBindings().inNamespace(namespace).withName(Fabric8KubernetesProvisioner.WORKLOADS)
                .get()).isNotNull();
        List<DriftRepaired> expected = new ArrayList<>();
        expected.add(new DriftRepaired(enclave, "Namespace", namespace, "missing", null, T0));
        List<String> cronJobs = new ArrayList<>();
        List<String> deployments = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        List<String> configMaps = new ArrayList<>();
        for (Deployed tentacle : held.tentacles()) {
            (tentacle.scheduled() ? cronJobs : deployments).add(tentacle.name());
            expected.add(new DriftRepaired(enclave, tentacle.scheduled() ? "CronJob" : "Deployment", tentacle.name(),
                    "missing", null, T0));
            for (Dependency service : tentacle.dependencies()) {
                String source = TentacleServiceSources.nameOf(TentacleName.of(tentacle.name()), service);
                boolean secret = TentacleServiceSources.isSecret(service);
                (secret ? secrets : configMaps).add(source);
                expected.add(new DriftRepaired(enclave, secret ? "Secret" : "ConfigMap", source, "missing", null, T0));
            }
        }
        assertThat(fresh.batch().v1().cronjobs().inNamespace(namespace).list().getItems())
                .allSatisfy(cronJob -> assertThat(cronJob.getSpec().getSuspend())
                        .as("suspended in a %s enclave", held.status())
                        .isEqualTo(held.status() == EnclaveStatus.FROZEN))
                .extracting(cronJob -> cronJob.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(cronJobs);
        assertThat(fresh.apps().deployments().inNamespace(namespace).list().getItems())
                .extracting(deployment -> deployment.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(deployments);
        assertThat(fresh.secrets().inNamespace(namespace).withLabel(EnclaveLabels.TENTACLE).list().getItems())
                .allSatisfy(secret -> assertThat(TentacleReconcilerTest.values(secret)).isNotEmpty())
                .extracting(secret -> secret.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(secrets);
        assertThat(fresh.configMaps().inNamespace(namespace).withLabel(EnclaveLabels.TENTACLE).list().getItems())
                .extracting(configMap -> configMap.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(configMaps);
        assertThat(world.drift(enclave)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
