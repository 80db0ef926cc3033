package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workload adapter against the test Kubernetes API: what it creates, and that every call converges. */
class Fabric8TentacleWorkloadsTest {

    private static final TentacleName REPORT = TentacleName.of("report");
    private static final ContainerImage IMAGE = ContainerImage.of("ghcr.io/acme/report:1.0.0");
    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private Fabric8TentacleWorkloads workloads;
    private EnclaveId enclave;

    @BeforeEach
    void freshEnclave() {
        enclave = TestNamespaces.provisioned(kubernetes, "workloads");
        workloads = new Fabric8TentacleWorkloads(kubernetes);
    }

    private TentacleWorkload workload(ContainerImage image, CronSchedule schedule, boolean suspended) {
        return new TentacleWorkload(enclave, REPORT, image, schedule, suspended, UserId.of("U0DAVE"), Mode.MEMBER_READ,
                "U0DAVE", "slack", List.of(Dependency.POSTGRES, Dependency.OBJECT_STORAGE));
    }

    private Deployment deployment() {
        return kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("report").get();
    }

    private CronJob cronJob() {
        return kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report").get();
    }

    @Test
    void aContinuousTentacleIsADeploymentThatPodSecurityRestrictedAdmits() {
        workloads.apply(workload(IMAGE, null, false));

        Deployment deployment = deployment();
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry(EnclaveLabels.ENCLAVE, enclave.value())
                .containsEntry(EnclaveLabels.TENTACLE, "report")
                .containsEntry(EnclaveLabels.MANAGED_BY, EnclaveLabels.MANAGED_BY_VALUE);
        assertThat(deployment.getMetadata().getAnnotations())
                .containsEntry(EnclaveLabels.OWNER, "U0DAVE")
                .containsEntry(EnclaveLabels.MODE, "rwxr-x---")
                .containsEntry(EnclaveLabels.DEPLOYED_BY, "U0DAVE")
                .containsEntry(EnclaveLabels.DEPLOYED_VIA, "slack")
                .containsEntry(EnclaveLabels.DEPENDENCIES, "postgres,object-storage");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .containsExactlyEntriesOf(java.util.Map.of(EnclaveLabels.TENTACLE, "report"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(EnclaveLabels.TENTACLE, "report");
        assertRestricted(deployment.getSpec().getTemplate().getSpec());
    }

    @Test
    void aScheduledTentacleIsACronJobThatNeverRunsTwiceAtOnce() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));

        CronJob cronJob = cronJob();
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("0 2 * * *");
        assertThat(cronJob.getSpec().getSuspend()).isFalse();
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        PodSpec pod = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertRestricted(pod);
        assertThat(deployment()).isNull();
    }

    @Test
    void aScheduledTentacleBecomesASuspendedCronJobWhileFrozen() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));

        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false).withSuspended(true));

        assertThat(cronJob().getSpec().getSuspend()).isTrue();
    }

    @Test
    void aThawedTentacleResumesItsSchedule() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), true));

        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), true).withSuspended(false));

        assertThat(cronJob().getSpec().getSuspend()).isFalse();
    }

    @Test
    void applyingAContinuousTentacleAgainUpdatesItsOneDeployment() {
        workloads.apply(workload(IMAGE, null, false));
        workloads.apply(workload(ContainerImage.of("ghcr.io/acme/report:1.1.0"), null, false));

        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).list().getItems()).hasSize(1);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/acme/report:1.1.0");
    }

    @Test
    void applyingAgainConvergesOnTheNewSpec() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));
        workloads.apply(workload(ContainerImage.of("ghcr.io/acme/report:1.1.0"), CronSchedule.of("@hourly"), true));

        assertThat(kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).list().getItems()).hasSize(1);
        CronJob cronJob = cronJob();
        assertThat(cronJob.getSpec().getSchedule()).isEqualTo("@hourly");
        assertThat(cronJob.getSpec().getSuspend()).isTrue();
        assertThat(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).isEqualTo("ghcr.io/acme/report:1.1.0");
    }

    @Test
    void aSpecThatChangesKindReplacesTheOtherKind() {
        workloads.apply(workload(IMAGE, null, false));
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));
        assertThat(deployment()).isNull();
        assertThat(cronJob()).isNotNull();

        workloads.apply(workload(IMAGE, null, false));
        assertThat(cronJob()).isNull();
        assertThat(deployment()).isNotNull();
    }

    @Test
    void aRunIsOneJobFromTheCronJobEvenWhenStartedTwice() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));

        workloads.run(enclave, REPORT, 1);
        workloads.run(enclave, REPORT, 1);

        List<Job> jobs = kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).list().getItems();
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.getMetadata().getName()).isEqualTo("report-run-1");
            assertThat(job.getMetadata().getLabels()).containsEntry(EnclaveLabels.ENCLAVE, enclave.value())
                    .containsEntry(EnclaveLabels.TENTACLE, "report");
            assertThat(job.getMetadata().getAnnotations()).containsEntry("cronjob.kubernetes.io/instantiate", "manual");
            assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getKind() + "/" + owner.getName()).isEqualTo("CronJob/report"));
            assertRestricted(job.getSpec().getTemplate().getSpec());
        });
    }

    @Test
    void aTentacleWithoutCronJobCannotBeRun() {
        workloads.apply(workload(IMAGE, null, false));

        assertThatThrownBy(() -> workloads.run(enclave, REPORT, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("tentacle 'report' of enclave '" + enclave + "' has no CronJob to run");
    }

    @Test
    void removingDeletesTheWorkloadAndItsRunsAndMayBeRepeated() {
        workloads.apply(workload(IMAGE, CronSchedule.of("0 2 * * *"), false));
        workloads.run(enclave, REPORT, 1);
        workloads.run(enclave, REPORT, 2);

        workloads.remove(enclave, TentacleData.first(REPORT));
        workloads.remove(enclave, TentacleData.first(REPORT));

        assertThat(cronJob()).isNull();
        assertThat(kubernetes.batch().v1().jobs().inNamespace(enclave.namespace()).list().getItems()).isEmpty();
    }

    @Test
    void removingAContinuousTentacleDeletesItsDeployment() {
        workloads.apply(workload(IMAGE, null, false));

        workloads.remove(enclave, TentacleData.first(REPORT));

        assertThat(deployment()).isNull();
    }

    private static void assertRestricted(PodSpec pod) {
        assertThat(pod.getServiceAccountName()).isEqualTo(Fabric8KubernetesProvisioner.WORKLOADS);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var security = pod.getContainers().get(0).getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }
}
