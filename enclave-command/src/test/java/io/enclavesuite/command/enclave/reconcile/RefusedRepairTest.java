package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API server refusing a repair (fabric8's mock server in CRUD mode, answering the quota's update with 403 as
 * many times as a test says): the drift is recorded as detected once, however many passes meet it, and as repaired
 * when a pass finally puts it back.
 */
class RefusedRepairTest {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
            new MockWebServer(), expectations, new KubernetesMixedDispatcher(expectations), true);
    private final KubernetesClient cluster;
    private final ReconcilerWorld world;

    RefusedRepairTest() {
        server.init();
        cluster = server.createClient();
        world = new ReconcilerWorld(cluster);
    }

    @AfterEach
    void close() {
        world.close();
        cluster.close();
        server.destroy();
    }

    @Test
    void aRefusedRepairIsDetectedOnceAndRepairedWhenTheApiServerLetsIt() {
        EnclaveId enclave = world.active("refused");
        String pods = cluster.resourceQuotas().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.QUOTA).get().getSpec().getHard().get("pods").toString();
        cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("99"));
                    return quota;
                });
        server.expect().put()
                .withPath("/api/v1/namespaces/" + enclave.namespace() + "/resourcequotas/"
                        + Fabric8KubernetesProvisioner.QUOTA)
                .andReturn(403, new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden")
                        .withMessage("resourcequotas \"enclave-quota\" is forbidden: admission webhook denied it")
                        .build())
                .times(2);

        reconciler().reconcile(enclave);
        reconciler().reconcile(enclave);

        assertThat(world.detected(enclave)).singleElement().satisfies(detected -> {
            assertThat(detected.kind()).isEqualTo("ResourceQuota");
            assertThat(detected.name()).isEqualTo(Fabric8KubernetesProvisioner.QUOTA);
            assertThat(detected.change()).isEqualTo("changed: spec.hard.pods 99→" + pods);
            assertThat(detected.refusal()).startsWith("403 ").contains("admission webhook denied it");
            assertThat(detected.at()).isEqualTo(T0);
        });
        assertThat(world.drift(enclave)).isEmpty();
        assertThat(world.meters.get(ReconcileMetrics.REFUSED).tags("kind", "ResourceQuota", "change", "changed")
                .counter().count()).isEqualTo(2);

        reconciler().reconcile(enclave);
        reconciler().reconcile(enclave);

        assertThat(world.drift(enclave)).containsExactly(new DriftRepaired(enclave, "ResourceQuota",
                Fabric8KubernetesProvisioner.QUOTA, "changed: spec.hard.pods 99→" + pods, null, T0));
        assertThat(world.detected(enclave)).hasSize(1);
        assertThat(cluster.resourceQuotas().inNamespace(enclave.namespace())
                .withName(Fabric8KubernetesProvisioner.QUOTA).get().getSpec().getHard().get("pods").toString())
                .isEqualTo(pods);
    }

    private EnclaveReconciler reconciler() {
        return world.reconciler();
    }
}
