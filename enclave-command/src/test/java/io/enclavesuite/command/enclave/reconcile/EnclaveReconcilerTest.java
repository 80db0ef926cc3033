package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.ALICE;
import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.BOB;
import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler against a Kubernetes API (fabric8's mock server in CRUD mode) and the real aggregate: what someone
 * changes in the cluster is put back and recorded once; what the history changes is converged without a record.
 */
class EnclaveReconcilerTest {

    private static final KubernetesClient cluster = TestNamespaces.client();
    private final ReconcilerWorld world = new ReconcilerWorld(cluster);
    private final EnclaveReconciler reconciler = world.reconciler();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void aProvisionedEnclaveIsAlreadyConverged() {
        EnclaveId enclave = world.active("calm");

        assertThat(reconciler.reconcile(enclave)).isEmpty();
        assertThat(world.drift(enclave)).isEmpty();
    }

    @Test
    void aDeletedNetworkPolicyIsRestoredAndRecordedOnce() {
        EnclaveId enclave = world.active("deny");
        policies(enclave).withName(Fabric8KubernetesProvisioner.DENY_ALL).delete();

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(policies(enclave).withName(Fabric8KubernetesProvisioner.DENY_ALL).get().getSpec().getPolicyTypes())
                .containsExactly("Ingress", "Egress");
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "NetworkPolicy", Fabric8KubernetesProvisioner.DENY_ALL, "missing", null, T0));
    }

    @Test
    void aDryRunNamesEveryDifferenceAndChangesAndRecordsNothing() {
        EnclaveId enclave = world.active("dry");
        EnclaveId calm = world.active("dry-calm");
        policies(enclave).withName(Fabric8KubernetesProvisioner.DENY_ALL).delete();
        cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("99"));
                    return quota;
                });

        var found = reconciler.pass(java.util.Optional.empty(), true).orElseThrow();

        assertThat(found.get(calm)).isEmpty();
        assertThat(found.get(enclave)).extracting(EnclaveReconciler.Repair::name)
                .containsExactlyInAnyOrder(Fabric8KubernetesProvisioner.DENY_ALL, Fabric8KubernetesProvisioner.QUOTA);
        assertThat(policies(enclave).withName(Fabric8KubernetesProvisioner.DENY_ALL).get()).isNull();
        assertThat(quota(enclave).getSpec().getHard().get("pods")).isEqualTo(new Quantity("99"));
        assertThat(world.drift(enclave)).isEmpty();
        assertThat(reconciler.pass(java.util.Optional.of(EnclaveId.of("never-provisioned")), true)).isEmpty();

        assertThat(reconciler.pass(java.util.Optional.of(enclave), false).orElseThrow().get(enclave)).hasSize(2);
        assertThat(world.drift(enclave)).hasSize(2);
        assertThat(reconciler.pass(java.util.Optional.of(enclave), true).orElseThrow().get(enclave)).isEmpty();
    }

    @Test
    void anEditedQuotaIsPutBackAndTheChangeReadsAsFoundThenRestored() {
        EnclaveId enclave = world.active("quota");
        String pods = quota(enclave).getSpec().getHard().get("pods").toString();
        cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("99"));
                    return quota;
                });

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(quota(enclave).getSpec().getHard().get("pods").toString()).isEqualTo(pods);
        assertThat(world.drift(enclave)).containsExactly(new DriftRepaired(enclave, "ResourceQuota",
                Fabric8KubernetesProvisioner.QUOTA, "changed: spec.hard.pods 99→" + pods, null, T0));
    }

    @Test
    void anEditNamesWhoMadeItAsTheApiServerKeepsItsFieldManagers() {
        EnclaveId enclave = world.active("who");
        String pods = quota(enclave).getSpec().getHard().get("pods").toString();
        cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .edit(quota -> {
                    quota.getSpec().getHard().put("pods", new Quantity("99"));
                    // as a real API server keeps them: the suite created it, someone edited it, the suite touched it since
                    quota.getMetadata().setManagedFields(List.of(
                            managedBy("fabric8-kubernetes-client", "2026-11-22T09:00:00Z"),
                            managedBy("kubectl-edit", "2026-11-22T09:30:00Z"),
                            managedBy("kubectl-client-side-apply", "2026-11-22T09:10:00Z"),
                            managedBy("fabric8-kubernetes-client", "2026-11-22T09:40:00Z")));
                    return quota;
                });

        reconciler.reconcile(enclave);

        assertThat(world.drift(enclave)).containsExactly(new DriftRepaired(enclave, "ResourceQuota",
                Fabric8KubernetesProvisioner.QUOTA, "changed: spec.hard.pods 99→" + pods, "kubectl-edit", T0));
    }

    @Test
    void repairsAreCountedByKindAndChangeAndPassesTimed() {
        EnclaveId enclave = world.active("counted");
        policies(enclave).withName(Fabric8KubernetesProvisioner.DENY_ALL).delete();

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(world.meters.get(ReconcileMetrics.REPAIRS).tags("kind", "NetworkPolicy", "change", "missing")
                .counter().count()).isEqualTo(1);
        assertThat(world.meters.get(ReconcileMetrics.PASSES).tag("scope", "enclave").timer().count()).isEqualTo(2);
    }

    @Test
    void aDeletedNamespaceComesBackWithItsGuardrailsAsOneRepair() {
        EnclaveId enclave = world.active("gone");
        cluster.namespaces().withName(enclave.namespace()).delete();
        cluster.network().v1().networkPolicies().inNamespace(enclave.namespace()).delete(); // a real cluster cascades

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(cluster.namespaces().withName(enclave.namespace()).get().getMetadata().getLabels())
                .containsEntry(EnclaveLabels.ENCLAVE, enclave.value());
        assertThat(policies(enclave).list().getItems()).hasSize(4);
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "Namespace", enclave.namespace(), "missing", null, T0));
    }

    /**
     * Found by the fault suite (scenario 5, several replicas): a pass over every enclave lists them first and reaches
     * each one later; an enclave whose deprovisioning started meanwhile, its namespace deleted by the saga, must not
     * get the namespace back from the stale list.
     */
    @Test
    void aPassThatListedAnEnclaveBeforeItsDeprovisioningStartedLeavesItsNamespaceGone() {
        EnclaveId enclave = world.active("leaving");
        List<EnclaveId> listedBefore = world.desired.ids();
        world.startDeprovisioning(enclave);
        DesiredEnclaves staleListing = new DesiredEnclaves(world.jdbc) {
            @Override
            public List<EnclaveId> ids() {
                return listedBefore;
            }
        };

        assertThat(world.reconciler(cluster, staleListing).reconcileAll()).isEmpty();
        assertThat(cluster.namespaces().withName(enclave.namespace()).get()).isNull();
        assertThat(world.drift(enclave)).isEmpty();
    }

    @Test
    void anObjectWithoutOurLabelsIsLeftAloneAndOneWithThemButNotDesiredIsRemoved() {
        EnclaveId enclave = world.active("theirs");
        policies(enclave).resource(new NetworkPolicyBuilder().withNewMetadata().withName("team-policy").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build())
                .create();
        policies(enclave).resource(new NetworkPolicyBuilder().withNewMetadata().withName("leftover")
                .withLabels(EnclaveLabels.ownedBy(enclave.value())).endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build())
                .create();

        reconciler.reconcile(enclave);

        assertThat(policies(enclave).withName("team-policy").get()).isNotNull();
        assertThat(policies(enclave).withName("leftover").get()).isNull();
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "NetworkPolicy", "leftover", "unexpected", null, T0));
    }

    @Test
    void annotationsFollowATransferAModeChangeAndARenameWithoutDrift() {
        EnclaveId enclave = world.active("moves");
        world.send(new RegisterMember(enclave, BOB), BOB);
        world.send(new TransferOwnership(enclave, BOB), ALICE);
        world.send(new SetEnclaveMode(enclave, Mode.PRIVATE), BOB);
        world.send(new RenameChannel(enclave, "moves-renamed"), "slack");
        assertThat(annotations(enclave)).containsEntry(EnclaveLabels.OWNER, ALICE.value());

        reconciler.reconcile(enclave);

        assertThat(annotations(enclave)).containsEntry(EnclaveLabels.OWNER, BOB.value())
                .containsEntry(EnclaveLabels.MODE, Mode.PRIVATE.bits())
                .containsEntry(EnclaveLabels.CHANNEL_NAME, "moves-renamed");
        assertThat(world.drift(enclave)).isEmpty();
    }

    @Test
    void anAnnotationEditedByHandIsDrift() {
        EnclaveId enclave = world.active("edited");
        cluster.namespaces().withName(enclave.namespace()).edit(namespace -> {
            namespace.getMetadata().getAnnotations().put(EnclaveLabels.OWNER, "U0MALLORY");
            return namespace;
        });

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(annotations(enclave)).containsEntry(EnclaveLabels.OWNER, ALICE.value());
        assertThat(world.drift(enclave)).containsExactly(new DriftRepaired(enclave, "Namespace", enclave.namespace(),
                "changed: metadata.annotations." + EnclaveLabels.OWNER + " U0MALLORY→U0ALICE", null, T0));
    }

    @Test
    void aFreshEmptyClusterGetsActiveAndFrozenEnclavesBackAndNoDeprovisionedOne() {
        EnclaveId active = world.active("fresh-active");
        EnclaveId frozen = world.frozen("fresh-frozen");
        EnclaveId deprovisioned = world.deprovisioned("fresh-gone");
        EnclaveId back = world.deprovisioned("fresh-back");
        try (KubernetesMock mock = KubernetesMock.start();
             KubernetesClient fresh = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(mock.kubeconfigYaml())).build()) {
            fresh.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(back.namespace())
                    .withLabels(EnclaveLabels.ownedBy(back.value())).endMetadata().build()).create();

            world.reconciler(fresh).reconcileAll();

            for (EnclaveId rebuilt : new EnclaveId[]{active, frozen}) {
                assertThat(fresh.namespaces().withName(rebuilt.namespace()).get()).isNotNull();
                assertThat(fresh.network().v1().networkPolicies().inNamespace(rebuilt.namespace()).list().getItems())
                        .hasSize(4);
                assertThat(fresh.rbac().roleBindings().inNamespace(rebuilt.namespace())
                        .withName(Fabric8KubernetesProvisioner.WORKLOADS).get()).isNotNull();
                assertThat(world.drift(rebuilt)).containsExactly(
                        new DriftRepaired(rebuilt, "Namespace", rebuilt.namespace(), "missing", null, T0));
            }
            assertThat(fresh.namespaces().withName(deprovisioned.namespace()).get()).isNull();
            assertThat(world.drift(deprovisioned)).isEmpty();
            assertThat(fresh.namespaces().withName(back.namespace()).get()).isNull();
            assertThat(world.drift(back)).containsExactly(
                    new DriftRepaired(back, "Namespace", back.namespace(), "unexpected", null, T0));
        }
    }

    @Test
    void anEnclaveFromBeforeTheDesiredStateTableIsFoldedFromItsEventsAndRebuilt() {
        EnclaveId enclave = world.active("older");
        world.send(new RegisterMember(enclave, BOB), BOB);
        world.send(new TransferOwnership(enclave, BOB), ALICE);
        DesiredEnclave before = world.desired.of(enclave).orElseThrow();
        world.jdbc.update("delete from enclave_desired_state where enclave = ?", enclave.value());
        world.jdbc.update("insert into channel_binding (channel_id, enclave, owner) values (?, ?, ?)",
                "C0" + enclave.value(), enclave.value(), BOB.value());
        cluster.namespaces().withName(enclave.namespace()).delete();

        assertThat(world.desired.backfill(world.axon.eventStore())).isEqualTo(1);
        assertThat(world.desired.backfill(world.axon.eventStore())).isZero();
        assertThat(world.desired.of(enclave)).contains(before);
        reconciler.reconcileAll();

        assertThat(annotations(enclave)).containsEntry(EnclaveLabels.OWNER, BOB.value());
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "Namespace", enclave.namespace(), "missing", null, T0));
    }

    /**
     * The posture check: a RoleBinding the suite did not make grants rights beside the enclave's own — recorded once
     * as detected, with who made it, and left in place; the suite's own bindings are no finding.
     */
    @Test
    void aRoleBindingTheSuiteDidNotMakeIsAPostureFindingRecordedOnceAndLeftInPlace() {
        EnclaveId enclave = world.active("posture");
        assertThat(reconciler.reconcile(enclave)).isEmpty();
        cluster.rbac().roleBindings().inNamespace(enclave.namespace()).resource(new io.fabric8.kubernetes.api.model.rbac
                .RoleBindingBuilder().withNewMetadata().withName("eve-admin")
                .withManagedFields(managedBy("kubectl-create", "2026-12-07T08:00:00Z")).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
                .addNewSubject().withKind("User").withName("eve").endSubject().build()).create();

        var findings = reconciler.pass(java.util.Optional.of(enclave), true).orElseThrow().get(enclave);
        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(findings).extracting(EnclaveReconciler.Repair::name).containsExactly("eve-admin");
        assertThat(world.detected(enclave)).containsExactly(new io.enclavesuite.api.enclave.DriftDetected(enclave,
                "RoleBinding", "eve-admin", "posture: grants ClusterRole admin to User eve beside the suite's own rights",
                "kubectl-create", EnclavePosture.LEFT_IN_PLACE, T0));
        assertThat(world.drift(enclave)).isEmpty();
        assertThat(cluster.rbac().roleBindings().inNamespace(enclave.namespace()).withName("eve-admin").get())
                .isNotNull();
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<NetworkPolicy,
            io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyList,
            io.fabric8.kubernetes.client.dsl.Resource<NetworkPolicy>> policies(EnclaveId enclave) {
        return cluster.network().v1().networkPolicies().inNamespace(enclave.namespace());
    }

    private static ManagedFieldsEntry managedBy(String manager, String time) {
        return new ManagedFieldsEntryBuilder().withManager(manager).withOperation("Update").withApiVersion("v1")
                .withTime(time).build();
    }

    private static ResourceQuota quota(EnclaveId enclave) {
        return cluster.resourceQuotas().inNamespace(enclave.namespace()).withName(Fabric8KubernetesProvisioner.QUOTA)
                .get();
    }

    private static Map<String, String> annotations(EnclaveId enclave) {
        return cluster.namespaces().withName(enclave.namespace()).get().getMetadata().getAnnotations();
    }
}
