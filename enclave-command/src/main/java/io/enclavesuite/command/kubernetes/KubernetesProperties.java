package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code enclave.kubernetes.*}.
 *
 * @param kubeconfig       the kubeconfig file to use (the suite's mock API server, a test cluster); empty: fabric8's
 *                         own discovery (KUBECONFIG, ~/.kube/config, in-cluster service account)
 * @param concurrentWrites how many provisioning writes (guardrail objects, an enclave's database) run at once across
 *                         the service's saga threads
 */
@ConfigurationProperties("enclave.kubernetes")
public record KubernetesProperties(String kubeconfig, @DefaultValue("16") int concurrentWrites) {

    public KubernetesProperties {
        kubeconfig = kubeconfig == null ? "" : kubeconfig;
        if (concurrentWrites < 1) {
            throw new IllegalArgumentException("enclave.kubernetes.concurrent-writes must be at least 1, not "
                    + concurrentWrites);
        }
    }
}
