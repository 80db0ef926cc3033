package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code enclave.kubernetes.kubeconfig}: the kubeconfig file to use (the suite's mock API server, a test cluster);
 * empty: fabric8's own discovery (KUBECONFIG, ~/.kube/config, in-cluster service account).
 */
@ConfigurationProperties("enclave.kubernetes")
public record KubernetesProperties(String kubeconfig) {

    public KubernetesProperties {
        kubeconfig = kubeconfig == null ? "" : kubeconfig;
    }
}
