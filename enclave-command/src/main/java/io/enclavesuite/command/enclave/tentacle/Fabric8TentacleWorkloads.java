package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tentacle workloads through fabric8, create-or-update like {@link Fabric8KubernetesProvisioner}. Pods run as the
 * enclave's workload service account, without its token, and with a security context that Pod Security
 * "restricted" (enforced on every enclave namespace) admits. For each shared service it declares, a tentacle
 * reads its credentials or settings as environment variables from the Secret or ConfigMap that
 * {@link TentacleServiceSources} names; one that declares {@code identity} also gets the SPIFFE Workload API socket.
 */
public class Fabric8TentacleWorkloads implements TentacleWorkloads {

    /** Marks a Job started by hand rather than by the schedule, as {@code kubectl create job --from} does. */
    static final String INSTANTIATE = "cronjob.kubernetes.io/instantiate";

    private final KubernetesClient client;

    static final String SPIFFE_VOLUME = "spiffe-workload-api";

    public Fabric8TentacleWorkloads(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void apply(TentacleWorkload workload) {
        String namespace = workload.enclave().namespace();
        String name = workload.name().value();
        if (workload.scheduled()) {
            client.apps().deployments().inNamespace(namespace).withName(name).delete();
            client.batch().v1().cronjobs().inNamespace(namespace).resource(cronJob(workload))
                    .createOr(NonDeletingOperation::update);
        } else {
            client.batch().v1().cronjobs().inNamespace(namespace).withName(name).delete();
            client.apps().deployments().inNamespace(namespace).resource(deployment(workload))
                    .createOr(NonDeletingOperation::update);
        }
    }

    @Override
    public void run(EnclaveId enclave, TentacleName tentacle, int run) {
        String namespace = enclave.namespace();
        String jobName = tentacle.value() + "-run-" + run;
        if (client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get() != null) {
            return; // started before a crash: one run is one Job
        }
        CronJob cronJob = client.batch().v1().cronjobs().inNamespace(namespace).withName(tentacle.value()).get();
        if (cronJob == null) {
            throw new IllegalStateException("tentacle '" + tentacle + "' of enclave '" + enclave
                    + "' has no CronJob to run");
        }
        var template = cronJob.getSpec().getJobTemplate();
        Map<String, String> labels = new HashMap<>(template.getMetadata() == null
                || template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels());
        labels.putAll(EnclaveLabels.ownedBy(enclave.value()));
        labels.put(EnclaveLabels.TENTACLE, tentacle.value());
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(jobName)
                .withNamespace(namespace)
                .withLabels(labels)
                .addToAnnotations(INSTANTIATE, "manual")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                        .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                        .withController(false).build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        try {
            client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        } catch (KubernetesClientException e) {
            // created between the check and here: the run has started, and a Job's template cannot be updated
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    @Override
    public void remove(EnclaveId enclave, TentacleData data) {
        TentacleName tentacle = data.tentacle();
        String namespace = enclave.namespace();
        client.apps().deployments().inNamespace(namespace).withName(tentacle.value()).delete();
        client.batch().v1().cronjobs().inNamespace(namespace).withName(tentacle.value()).delete();
        client.batch().v1().jobs().inNamespace(namespace).withLabel(EnclaveLabels.TENTACLE, tentacle.value()).delete();
    }

    /**
     * The tentacle's workload as {@link #apply} makes it: a CronJob when it has a schedule, a Deployment otherwise.
     * The reconciler compares the cluster's with it, so the two never build it differently.
     */
    public static HasMetadata workload(TentacleWorkload workload) {
        return workload.scheduled() ? cronJob(workload) : deployment(workload);
    }

    private static Deployment deployment(TentacleWorkload workload) {
        Map<String, String> selector = Map.of(EnclaveLabels.TENTACLE, workload.name().value());
        return new DeploymentBuilder()
                .withMetadata(metadata(workload))
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(workload)).endMetadata()
                .withSpec(podSpec(workload, "Always"))
                .endTemplate()
                .endSpec()
                .build();
    }

    private static CronJob cronJob(TentacleWorkload workload) {
        return new CronJobBuilder()
                .withMetadata(metadata(workload))
                .withNewSpec()
                .withSchedule(workload.schedule().expression())
                .withSuspend(workload.suspended())
                .withConcurrencyPolicy("Forbid")
                .withNewJobTemplate()
                .withNewMetadata().withLabels(labels(workload)).endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels(workload)).endMetadata()
                .withSpec(podSpec(workload, "Never"))
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    private static ObjectMeta metadata(TentacleWorkload workload) {
        return new ObjectMetaBuilder()
                .withName(workload.name().value())
                .withNamespace(workload.enclave().namespace())
                .withLabels(labels(workload))
                .withAnnotations(Map.of(
                        EnclaveLabels.OWNER, workload.owner().value(),
                        EnclaveLabels.MODE, workload.mode().bits(),
                        EnclaveLabels.DEPLOYED_BY, workload.deployedBy(),
                        EnclaveLabels.DEPLOYED_VIA, workload.deployedVia(),
                        EnclaveLabels.DEPENDENCIES, workload.dependencies().stream().map(Dependency::label)
                                .collect(Collectors.joining(","))))
                .build();
    }

    private static Map<String, String> labels(TentacleWorkload workload) {
        Map<String, String> labels = new HashMap<>(EnclaveLabels.ownedBy(workload.enclave().value()));
        labels.put(EnclaveLabels.TENTACLE, workload.name().value());
        return labels;
    }

    private static PodSpec podSpec(TentacleWorkload workload, String restartPolicy) {
        Container container = new ContainerBuilder()
                .withName(workload.name().value())
                .withImage(workload.image().reference())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().addToDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .build();
        container.setEnvFrom(workload.dependencies().stream()
                .sorted()
                .map(service -> TentacleServiceSources.envFrom(workload.name(), service))
                .toList());
        PodSpecBuilder pod = new PodSpecBuilder()
                .withServiceAccountName(Fabric8KubernetesProvisioner.WORKLOADS)
                .withAutomountServiceAccountToken(false)
                .withRestartPolicy(restartPolicy);
        if (workload.dependencies().contains(Dependency.IDENTITY)) {
            // the SPIFFE CSI driver mounts the SPIRE agent's Workload API socket; "restricted" admits CSI volumes
            container.setVolumeMounts(java.util.List.of(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                    .withName(SPIFFE_VOLUME).withMountPath(Fabric8OnDemandServices.WORKLOAD_API_DIRECTORY)
                    .withReadOnly(true).build()));
            pod.addNewVolume().withName(SPIFFE_VOLUME)
                    .withNewCsi().withDriver("csi.spiffe.io").withReadOnly(true).endCsi()
                    .endVolume();
        }
        return pod.withContainers(container).build();
    }
}
