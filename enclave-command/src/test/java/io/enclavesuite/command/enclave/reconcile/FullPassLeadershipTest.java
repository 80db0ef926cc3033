package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.SuiteAccount;
import io.enclavesuite.command.kubernetes.SuitePosture;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of enclave-command's reconciler on one database and one cluster, full passes every 200 ms and no
 * informers: only the replica that leads makes full passes; when it stops, the other takes the lead, makes one at
 * once and then every interval, and repairs drift once.
 */
class FullPassLeadershipTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final KubernetesClient cluster = TestNamespaces.client();
    private final ReconcilerWorld world = new ReconcilerWorld(cluster);
    private final List<ReconcileTriggers> replicas = new ArrayList<>();

    @AfterEach
    void close() {
        replicas.forEach(ReconcileTriggers::close);
        world.close();
    }

    @Test
    void onlyTheLeaderMakesFullPassesAndAnotherTakesOverWhenItStops() {
        EnclaveId enclave = world.active("led");
        ReconcileTriggers a = replica();
        ReconcileTriggers b = replica();
        a.start();
        await().atMost(WITHIN).until(a::leading);
        b.start();

        await().atMost(WITHIN).until(() -> a.fullPasses() >= 5);
        assertThat(b.leading()).isFalse();
        assertThat(b.fullPasses()).isZero();

        a.close();
        int byA = a.fullPasses();
        await().atMost(WITHIN).until(() -> b.leading() && b.fullPasses() >= 3);
        assertThat(a.fullPasses()).isEqualTo(byA);

        // the new leader's passes repair what drifts, once
        cluster.network().v1().networkPolicies().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.ALLOW_DNS).delete();
        await().atMost(WITHIN).untilAsserted(() -> assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "NetworkPolicy", Fabric8KubernetesProvisioner.ALLOW_DNS, "missing", null,
                        T0)));
        int passes = b.fullPasses();
        await().atMost(WITHIN).until(() -> b.fullPasses() >= passes + 2);
        assertThat(world.drift(enclave)).hasSize(1);
    }

    /** A replica: its own reconciler (and meters) and triggers, on the world's database and cluster. */
    private ReconcileTriggers replica() {
        EnclaveReconciler reconciler = new EnclaveReconciler(world.desired, cluster,
                new Fabric8KubernetesProvisioner(cluster, new QuotaPresets(null, null)), world.axon.commandGateway(),
                new SimpleMeterRegistry(), world.tentacleReconciler(cluster), world.locks);
        ReconcileTriggers triggers = new ReconcileTriggers(reconciler, world.desired, world.tentacleReconciler(cluster),
                world.axon.eventStore(), cluster, new ReconcileProperties(true, Duration.ofMillis(200), false),
                new SuitePosture(cluster, SuiteAccount.DEFAULTS, Clock.systemUTC()), world.dataSource(),
                ReconcilerWorld.REPLICAS);
        replicas.add(triggers);
        return triggers;
    }
}
