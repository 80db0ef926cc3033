package io.enclavesuite.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadPolicyTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String COMPLIANT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: api}
            spec:
              selector: {matchLabels: {app: api}}
              template:
                metadata: {labels: {app: api}}
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: api
                      image: ghcr.io/example/api:1.0.0
                      startupProbe: {httpGet: {path: /actuator/health/liveness, port: 8080}}
                      livenessProbe: {httpGet: {path: /actuator/health/liveness, port: 8080}}
                      readinessProbe: {httpGet: {path: /actuator/health/readiness, port: 8080}}
                      resources:
                        requests: {cpu: 100m, memory: 256Mi}
                        limits: {cpu: "1", memory: 256Mi}
                      securityContext:
                        readOnlyRootFilesystem: true
                        allowPrivilegeEscalation: false
                        capabilities: {drop: [ALL]}
                      volumeMounts: [{name: tmp, mountPath: /tmp}]
                  volumes: [{name: tmp, emptyDir: {}}]
            """;

    private static Deployment compliant() {
        return SERIALIZATION.unmarshal(COMPLIANT, Deployment.class);
    }

    private static Deployment with(Consumer<Container> change) {
        Deployment deployment = compliant();
        change.accept(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
        return deployment;
    }

    @Test
    void aCompliantWorkloadHasNoViolations() {
        assertThat(WorkloadPolicy.violations(compliant())).isEmpty();
    }

    @Test
    void aMissingProbeIsRefused() {
        assertThat(WorkloadPolicy.violations(with(c -> c.setReadinessProbe(null))))
                .containsExactly("Deployment/api container api: no readinessProbe");
        assertThat(WorkloadPolicy.violations(with(c -> c.setStartupProbe(null))))
                .containsExactly("Deployment/api container api: no startupProbe");
    }

    @Test
    void missingLimitsAreRefused() {
        assertThat(WorkloadPolicy.violations(with(c -> c.getResources().setLimits(null))))
                .containsExactly("Deployment/api container api: no cpu limit", "Deployment/api container api: no memory limit");
    }

    @Test
    void latestOrUntaggedImagesAreRefused() {
        assertThat(WorkloadPolicy.violations(with(c -> c.setImage("ghcr.io/example/api:latest"))))
                .containsExactly("Deployment/api container api: image ghcr.io/example/api:latest uses the tag latest");
        assertThat(WorkloadPolicy.violations(with(c -> c.setImage("localhost:5000/api"))))
                .containsExactly("Deployment/api container api: image localhost:5000/api has no tag");
        assertThat(WorkloadPolicy.violations(with(c -> c.setImage("ghcr.io/example/api@sha256:" + "a".repeat(64)))))
                .isEmpty();
    }

    @Test
    void rootOrAWritableRootFilesystemOrKeptCapabilitiesAreRefused() {
        Deployment root = compliant();
        root.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsNonRoot(null);
        assertThat(WorkloadPolicy.violations(root)).containsExactly("Deployment/api container api: not runAsNonRoot");
        Deployment unconfined = compliant();
        unconfined.getSpec().getTemplate().getSpec().getSecurityContext().getSeccompProfile().setType("Unconfined");
        assertThat(WorkloadPolicy.violations(unconfined))
                .containsExactly("Deployment/api container api: no RuntimeDefault or Localhost seccomp profile");
        assertThat(WorkloadPolicy.violations(with(c -> c.getSecurityContext().setReadOnlyRootFilesystem(false))))
                .containsExactly("Deployment/api container api: root filesystem not read-only");
        assertThat(WorkloadPolicy.violations(with(c -> c.getSecurityContext().setAllowPrivilegeEscalation(null))))
                .containsExactly("Deployment/api container api: allowPrivilegeEscalation is not false");
        assertThat(WorkloadPolicy.violations(with(c -> c.getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")))))
                .containsExactly("Deployment/api container api: does not drop ALL capabilities");
    }

    @Test
    void aReadOnlyRootWithoutAnEmptyDirOnTmpIsRefused() {
        assertThat(WorkloadPolicy.violations(with(c -> c.setVolumeMounts(List.of()))))
                .containsExactly("Deployment/api container api: no emptyDir mounted on /tmp");
    }

    @Test
    void aMisspeltFieldIsFound() {
        HasMetadata deployment = SERIALIZATION.unmarshal(COMPLIANT.replace("readinessProbe:", "readinesProbe:"), Deployment.class);

        assertThat(UnknownFields.in(deployment))
                .containsExactly("spec.template.spec.containers[0]: unknown field(s) [readinesProbe]");
        assertThat(UnknownFields.in(compliant())).isEmpty();
    }
}
