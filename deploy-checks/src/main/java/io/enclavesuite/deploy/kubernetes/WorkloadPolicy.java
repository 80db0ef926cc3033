package io.enclavesuite.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every workload of the suite must do, as Pod Security "restricted" and our own rules want it: probes
 * (startup, liveness, readiness), CPU and memory requests and limits, non-root, a read-only root filesystem with an
 * emptyDir for /tmp, no privilege escalation, every capability dropped, the runtime's seccomp profile, no host
 * namespaces, and images pinned by
 * a tag other than {@code latest} (or a digest). {@link #violations} names each breach; none means compliant.
 */
public final class WorkloadPolicy {

    private WorkloadPolicy() {
    }

    /** The pod spec of a workload kind, or empty for an object that runs no pods. */
    public static Optional<PodSpec> podSpec(HasMetadata object) {
        if (object instanceof Deployment deployment) {
            return Optional.ofNullable(deployment.getSpec().getTemplate().getSpec());
        } else if (object instanceof StatefulSet statefulSet) {
            return Optional.ofNullable(statefulSet.getSpec().getTemplate().getSpec());
        } else if (object instanceof DaemonSet daemonSet) {
            return Optional.ofNullable(daemonSet.getSpec().getTemplate().getSpec());
        } else if (object instanceof Job job) {
            return Optional.ofNullable(job.getSpec().getTemplate().getSpec());
        } else if (object instanceof CronJob cronJob) {
            return Optional.ofNullable(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
        } else if (object instanceof Pod pod) {
            return Optional.ofNullable(pod.getSpec());
        }
        return Optional.empty();
    }

    public static List<String> violations(HasMetadata workload) {
        List<String> violations = new ArrayList<>();
        PodSpec pod = podSpec(workload).orElse(null);
        String name = Manifests.describe(workload);
        if (pod == null) {
            return violations;
        }
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add(name + ": uses a host namespace");
        }
        PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        for (Container container : pod.getContainers()) {
            String where = name + " container " + container.getName();
            if (container.getStartupProbe() == null) {
                violations.add(where + ": no startupProbe");
            }
            if (container.getLivenessProbe() == null) {
                violations.add(where + ": no livenessProbe");
            }
            if (container.getReadinessProbe() == null) {
                violations.add(where + ": no readinessProbe");
            }
            resources(container, where, violations);
        }
        for (Container container : Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()).toList()) {
            String where = name + " container " + container.getName();
            image(container.getImage(), where, violations);
            security(container, podSecurity, where, violations);
            tmp(container, pod.getVolumes(), where, violations);
        }
        return violations;
    }

    private static void resources(Container container, String where, List<String> violations) {
        Map<String, Quantity> requests = container.getResources() == null ? null : container.getResources().getRequests();
        Map<String, Quantity> limits = container.getResources() == null ? null : container.getResources().getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (requests == null || !requests.containsKey(resource)) {
                violations.add(where + ": no " + resource + " request");
            }
            if (limits == null || !limits.containsKey(resource)) {
                violations.add(where + ": no " + resource + " limit");
            }
        }
    }

    static void image(String image, String where, List<String> violations) {
        if (image == null || image.isBlank()) {
            violations.add(where + ": no image");
            return;
        }
        if (image.contains("@sha256:")) {
            return;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash || colon < 0) {
            violations.add(where + ": image " + image + " has no tag");
        } else if (image.substring(colon + 1).equals("latest")) {
            violations.add(where + ": image " + image + " uses the tag latest");
        }
    }

    private static void security(Container container, PodSecurityContext pod, String where, List<String> violations) {
        SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        Boolean runAsNonRoot = security.getRunAsNonRoot() != null ? security.getRunAsNonRoot() : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(runAsNonRoot)) {
            violations.add(where + ": not runAsNonRoot");
        }
        Long user = security.getRunAsUser() != null ? security.getRunAsUser() : pod.getRunAsUser();
        if (user != null && user == 0) {
            violations.add(where + ": runs as user 0");
        }
        var seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            violations.add(where + ": no RuntimeDefault or Localhost seccomp profile");
        }
        if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            violations.add(where + ": root filesystem not read-only");
        }
        if (!Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            violations.add(where + ": allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(security.getPrivileged())) {
            violations.add(where + ": privileged");
        }
        var capabilities = security.getCapabilities();
        if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
            violations.add(where + ": does not drop ALL capabilities");
        }
        if (capabilities != null && capabilities.getAdd() != null && !capabilities.getAdd().isEmpty()) {
            violations.add(where + ": adds capabilities " + capabilities.getAdd());
        }
    }

    /** A read-only root filesystem still needs somewhere for temporary files: an emptyDir on /tmp. */
    private static void tmp(Container container, List<Volume> volumes, String where, List<String> violations) {
        Optional<VolumeMount> mount = container.getVolumeMounts().stream()
                .filter(m -> "/tmp".equals(m.getMountPath())).findFirst();
        boolean emptyDir = mount.flatMap(m -> volumes.stream().filter(v -> v.getName().equals(m.getName())).findFirst())
                .map(v -> v.getEmptyDir() != null).orElse(false);
        if (!emptyDir) {
            violations.add(where + ": no emptyDir mounted on /tmp");
        }
    }
}
