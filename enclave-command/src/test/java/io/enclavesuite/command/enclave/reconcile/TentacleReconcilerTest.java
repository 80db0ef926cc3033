package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.enclave.tentacle.DesiredTentacles.State;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.RecordedTentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkloads;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.ALICE;
import static io.enclavesuite.command.enclave.reconcile.ReconcilerWorld.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tentacles under the reconciler, deployed through the real aggregate and tentacle saga: what someone deletes or
 * changes is put back as the saga applied it and recorded once; what is not ours is left alone.
 */
class TentacleReconcilerTest {

    private static final String NIGHTLY = "0 2 * * *";
    private static final KubernetesClient cluster = TestNamespaces.client();
    private final ReconcilerWorld world = new ReconcilerWorld(cluster);
    private final EnclaveReconciler reconciler = world.reconciler();

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void tentaclesTheSagaAppliedWithEveryServiceAreAlreadyConverged() {
        EnclaveId enclave = world.active("tcalm");
        world.deploy(enclave, "report", NIGHTLY, Dependency.POSTGRES, Dependency.OBJECT_STORAGE, Dependency.MESSAGING,
                Dependency.IDENTITY);
        world.deploy(enclave, "api", null);

        assertThat(world.tentacles.of(enclave)).extracting(tentacle -> tentacle.state())
                .containsExactly(State.APPLIED, State.APPLIED);
        assertThat(reconciler.reconcile(enclave)).isEmpty();
        assertThat(world.drift(enclave)).isEmpty();
    }

    @Test
    void aDeletedCronJobIsRestoredAndRecordedOnce() {
        EnclaveId enclave = world.active("tcron");
        world.deploy(enclave, "report", NIGHTLY);
        cronJobs(enclave).withName("report").delete();

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(cronJobs(enclave).withName("report").get().getSpec().getSchedule()).isEqualTo(NIGHTLY);
        assertThat(cronJobs(enclave).list().getItems()).hasSize(1);
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "CronJob", "report", "missing", null, T0));
    }

    @Test
    void anEditedImageIsPutBackAndTheChangeReadsAsFoundThenRestored() {
        EnclaveId enclave = world.active("timage");
        world.deploy(enclave, "api", null);
        cluster.apps().deployments().inNamespace(enclave.namespace()).withName("api").edit(deployment -> {
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil.example/api:6.6.6");
            return deployment;
        });

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(deployment(enclave, "api").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/acme/api:1.0.0");
        assertThat(world.drift(enclave)).containsExactly(new DriftRepaired(enclave, "Deployment", "api",
                "changed: spec.template.spec.containers[0].image evil.example/api:6.6.6→ghcr.io/acme/api:1.0.0", null, T0));
    }

    @Test
    void aDeletedCredentialsSecretComesBackWithEveryKeyAndAnEditedOneLosesWhatWasAdded() {
        EnclaveId enclave = world.active("tsecret");
        world.deploy(enclave, "report", NIGHTLY, Dependency.POSTGRES, Dependency.OBJECT_STORAGE);
        Map<String, String> credentials = values(secret(enclave, "report-database"));
        secrets(enclave).withName("report-database").delete();
        secrets(enclave).withName("report-storage").edit(secret -> {
            secret.getStringData().put("AWS_CA_BUNDLE", "/tmp/mitm.pem");
            return secret;
        });

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(values(secret(enclave, "report-database"))).isEqualTo(credentials);
        assertThat(values(secret(enclave, "report-storage"))).doesNotContainKey("AWS_CA_BUNDLE");
        assertThat(world.drift(enclave)).containsExactlyInAnyOrder(
                new DriftRepaired(enclave, "Secret", "report-database", "missing", null, T0),
                new DriftRepaired(enclave, "Secret", "report-storage",
                        "changed: data.AWS_CA_BUNDLE (set)→(absent)", null, T0));
    }

    /**
     * The shared services on their own: a dropped schema and login role, and an emptied bucket prefix, while every
     * Kubernetes object is in place, are made again — with the same credentials, so the Secrets stay as they are —
     * and recorded once each.
     */
    @Test
    void aDroppedSchemaAndLoginAndAnEmptiedPrefixAreMadeAgainAndRecordedOnce() {
        EnclaveId enclave = world.active("tdata");
        world.deploy(enclave, "report", NIGHTLY, Dependency.POSTGRES, Dependency.OBJECT_STORAGE);
        var data = world.tentacles.of(enclave).get(0).workload().data();
        Map<String, String> credentials = values(secret(enclave, "report-database"));
        world.databases.dropTentacleSchema(enclave, data);
        world.storage.removeTentaclePrefix(enclave, data);
        assertThat(io.enclavesuite.command.database.TestDatabases.schemaExists(enclave, data.name())).isFalse();

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(io.enclavesuite.command.database.TestDatabases.schemaExists(enclave, data.name())).isTrue();
        assertThat(world.databases.missingForTentacles(enclave, List.of(data))).isEmpty();
        assertThat(world.storage.missingForTentacle(enclave, data)).isEmpty();
        assertThat(values(secret(enclave, "report-database"))).isEqualTo(credentials);
        assertThat(world.drift(enclave)).extracting(DriftRepaired::kind, DriftRepaired::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PostgresRole", "missing"),
                org.assertj.core.groups.Tuple.tuple("PostgresSchema", "missing"),
                org.assertj.core.groups.Tuple.tuple("BucketPrefix", "missing"));
        assertThat(world.drift(enclave)).extracting(DriftRepaired::name).endsWith(data.name(),
                "tentacles/" + data.name() + "/");
    }

    @Test
    void aFrozenEnclavesDeletedCronJobComesBackSuspended() {
        EnclaveId enclave = world.active("tfrozen");
        world.deploy(enclave, "report", NIGHTLY);
        world.freeze(enclave);
        assertThat(cronJobs(enclave).withName("report").get().getSpec().getSuspend()).isTrue();
        cronJobs(enclave).withName("report").delete();

        reconciler.reconcile(enclave);

        assertThat(cronJobs(enclave).withName("report").get().getSpec().getSuspend()).isTrue();
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "CronJob", "report", "missing", null, T0));
    }

    @Test
    void aRemovedTentaclesLabelledLeftoversGoAndWhatIsNotOursStays() {
        EnclaveId enclave = world.active("tleft");
        TentacleName report = world.deploy(enclave, "report", NIGHTLY, Dependency.POSTGRES);
        world.send(new RemoveTentacle(enclave, report), ALICE);
        assertThat(world.tentacles.of(enclave)).extracting(tentacle -> tentacle.state()).containsExactly(State.REMOVED);
        Map<String, String> reportsLabels = new HashMap<>(EnclaveLabels.ownedBy(enclave.value()));
        reportsLabels.put(EnclaveLabels.TENTACLE, "report");
        cluster.batch().v1().cronjobs().inNamespace(enclave.namespace()).resource(new CronJobBuilder()
                .withNewMetadata().withName("report").withLabels(reportsLabels).endMetadata()
                .withNewSpec().withSchedule(NIGHTLY).withNewJobTemplate().endJobTemplate().endSpec().build()).create();
        secrets(enclave).resource(new SecretBuilder().withNewMetadata().withName("report-database")
                .withLabels(reportsLabels).endMetadata().addToStringData("PGPASSWORD", "old").build()).create();
        cluster.apps().deployments().inNamespace(enclave.namespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("team-sidecar").withLabels(Map.of("app", "sidecar")).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("sidecar")
                .withImage("ghcr.io/team/sidecar:1").endContainer().endSpec().endTemplate().endSpec().build()).create();
        cluster.configMaps().inNamespace(enclave.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("team-settings").withLabels(EnclaveLabels.ownedBy(enclave.value())).endMetadata()
                .addToData("A", "1").build()).create();
        Map<String, String> unknownTentacle = new HashMap<>(EnclaveLabels.ownedBy(enclave.value()));
        unknownTentacle.put(EnclaveLabels.TENTACLE, "handmade");
        cluster.configMaps().inNamespace(enclave.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("handmade-settings").withLabels(unknownTentacle).endMetadata()
                .addToData("B", "2").build()).create();

        reconciler.reconcile(enclave);
        reconciler.reconcile(enclave);

        assertThat(cronJobs(enclave).withName("report").get()).isNull();
        assertThat(secrets(enclave).withName("report-database").get()).isNull();
        assertThat(deployment(enclave, "team-sidecar")).isNotNull();
        assertThat(cluster.configMaps().inNamespace(enclave.namespace()).withName("team-settings").get()).isNotNull();
        assertThat(cluster.configMaps().inNamespace(enclave.namespace()).withName("handmade-settings").get())
                .isNotNull();
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "CronJob", "report", "unexpected", null, T0),
                new DriftRepaired(enclave, "Secret", "report-database", "unexpected", null, T0));
    }

    @Test
    void aWorkloadOfTheOtherKindUnderATentaclesNameIsRemoved() {
        EnclaveId enclave = world.active("tkind");
        world.deploy(enclave, "report", NIGHTLY);
        Map<String, String> labels = new HashMap<>(EnclaveLabels.ownedBy(enclave.value()));
        labels.put(EnclaveLabels.TENTACLE, "report");
        cluster.apps().deployments().inNamespace(enclave.namespace()).resource(new DeploymentBuilder()
                .withNewMetadata().withName("report").withLabels(labels).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("report")
                .withImage("ghcr.io/acme/report:0.9").endContainer().endSpec().endTemplate().endSpec().build())
                .create();

        reconciler.reconcile(enclave);

        assertThat(deployment(enclave, "report")).isNull();
        assertThat(cronJobs(enclave).withName("report").get()).isNotNull();
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "Deployment", "report", "unexpected", null, T0));
    }

    @Test
    void aTentacleDeployedBeforeTheTableIsReadFromItsSagaAndRebuiltSuspendedWhenFrozen() {
        EnclaveId enclave = world.active("tolder");
        world.deploy(enclave, "report", NIGHTLY, Dependency.POSTGRES);
        world.deploy(enclave, "gone", null);
        world.send(new RemoveTentacle(enclave, TentacleName.of("gone")), ALICE);
        world.freeze(enclave);
        world.jdbc.update("delete from enclave_desired_tentacle where enclave = ? and tentacle = 'report'",
                enclave.value());
        cronJobs(enclave).withName("report").delete();

        TentacleReconciler tentacles = world.tentacleReconciler(cluster);
        assertThat(tentacles.backfill()).isEqualTo(1);
        assertThat(tentacles.backfill()).isZero();
        reconciler.reconcile(enclave);

        assertThat(cronJobs(enclave).withName("report").get().getSpec().getSuspend()).isTrue();
        assertThat(deployment(enclave, "gone")).isNull();
        assertThat(world.tentacles.of(enclave)).extracting(tentacle -> tentacle.tentacle().value() + " "
                + tentacle.state()).containsExactly("gone REMOVED", "report APPLIED");
        assertThat(world.drift(enclave)).containsExactly(
                new DriftRepaired(enclave, "CronJob", "report", "missing", null, T0));
    }

    @Test
    void aTentacleWhoseSagaStepHasNotSucceededIsTheSagasAndLeftAlone() {
        EnclaveId enclave = world.active("tpending");
        world.deploy(enclave, "api", null);
        TentacleWorkload next = world.tentacles.of(enclave).get(0).workload()
                .withSpec(ContainerImage.of("ghcr.io/acme/api:2.0.0"), null, List.of(), ALICE.value(), "slack");
        Fabric8TentacleWorkloads real = new Fabric8TentacleWorkloads(cluster);
        TentacleWorkloads diesAfterApplying = new RecordedTentacleWorkloads(new TentacleWorkloads() {
            @Override
            public void apply(TentacleWorkload workload) {
                real.apply(workload);
                throw new IllegalStateException("the service stopped before the step was recorded");
            }

            @Override
            public void run(EnclaveId enclave, TentacleName tentacle, int run) {
                real.run(enclave, tentacle, run);
            }

            @Override
            public void remove(EnclaveId enclave, TentacleData data) {
                real.remove(enclave, data);
            }
        }, world.tentacles);

        assertThatThrownBy(() -> diesAfterApplying.apply(next)).isInstanceOf(IllegalStateException.class);

        assertThat(world.tentacles.of(enclave)).extracting(tentacle -> tentacle.state())
                .containsExactly(State.APPLYING);
        assertThat(reconciler.reconcile(enclave)).isEmpty();
        assertThat(deployment(enclave, "api").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/acme/api:2.0.0");
        assertThat(world.drift(enclave)).isEmpty();
    }

    private static NonNamespaceOperation<CronJob, CronJobList, Resource<CronJob>> cronJobs(EnclaveId enclave) {
        return cluster.batch().v1().cronjobs().inNamespace(enclave.namespace());
    }

    private static NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets(EnclaveId enclave) {
        return cluster.secrets().inNamespace(enclave.namespace());
    }

    private static Deployment deployment(EnclaveId enclave, String name) {
        return cluster.apps().deployments().inNamespace(enclave.namespace()).withName(name).get();
    }

    private static Secret secret(EnclaveId enclave, String name) {
        return secrets(enclave).withName(name).get();
    }

    /** A real API server turns stringData into data; the mock keeps what it was given. */
    static Map<String, String> values(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value),
                    StandardCharsets.UTF_8)));
        }
        return values;
    }
}
