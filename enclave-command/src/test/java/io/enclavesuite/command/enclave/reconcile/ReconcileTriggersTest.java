package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.SuiteAccount;
import io.enclavesuite.command.kubernetes.SuitePosture;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The informers: a deletion or an edit in the cluster, of a guardrail or a tentacle's object, is repaired without
 * waiting for a full pass.
 */
class ReconcileTriggersTest {

    private static final KubernetesClient cluster = TestNamespaces.client();
    private final ReconcilerWorld world = new ReconcilerWorld(cluster);
    private final EnclaveReconciler reconciler = world.reconciler();
    /** No periodic pass: only the one at start and the informers can repair. */
    private final ReconcileTriggers triggers = new ReconcileTriggers(reconciler, world.desired,
            world.tentacleReconciler(cluster), world.axon.eventStore(),
            cluster, new ReconcileProperties(true, Duration.ZERO, true),
            new SuitePosture(cluster, SuiteAccount.DEFAULTS, Clock.systemUTC()), world.dataSource(),
            ReconcilerWorld.REPLICAS);

    @AfterEach
    void close() {
        triggers.close();
        world.close();
    }

    @Test
    void aDeletedPolicyAndAnEditedQuotaAreRepairedOnTheirOwnAndRecordedOnce() {
        EnclaveId enclave = world.active("watched");
        triggers.start();

        cluster.network().v1().networkPolicies().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "NetworkPolicy", Fabric8KubernetesProvisioner.ALLOW_DNS, "missing", null, T0)));
        String pods = cluster.resourceQuotas().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.QUOTA).get().getSpec().getHard().get("pods").toString();
        cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("1"));
                    return quota;
                });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(world.drift(enclave)).hasSize(2));
        assertThat(world.drift(enclave).get(1)).isEqualTo(new DriftRepaired(enclave, "ResourceQuota",
                Fabric8KubernetesProvisioner.QUOTA, "changed: spec.hard.pods 1→" + pods, null, T0));
        assertThat(cluster.network().v1().networkPolicies().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).get()).isNotNull();
        assertThat(reconciler.reconcile(enclave)).isEmpty();
        assertThat(world.drift(enclave)).hasSize(2);
    }

    @Test
    void aDeletedCronJobAndItsDeletedCredentialsAreRepairedOnTheirOwnAndRecordedOnce() {
        EnclaveId enclave = world.active("watched-tentacle");
        world.deploy(enclave, "report", "0 2 * * *", Dependency.OBJECT_STORAGE);
        triggers.start();

        cluster.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "CronJob", "report", "missing", null, T0)));
        cluster.secrets().inNamespace(enclave.namespace()).withName("report-storage").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(world.drift(enclave)).hasSize(2));
        assertThat(world.drift(enclave).get(1)).isEqualTo(
                new DriftRepaired(enclave, "Secret", "report-storage", "missing", null, T0));
        assertThat(cluster.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report").get())
                .isNotNull();
        assertThat(cluster.secrets().inNamespace(enclave.namespace()).withName("report-storage").get()).isNotNull();
        assertThat(reconciler.reconcile(enclave)).isEmpty();
        assertThat(world.drift(enclave)).hasSize(2);
    }
}
