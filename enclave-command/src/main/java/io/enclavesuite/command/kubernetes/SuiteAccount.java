package io.enclavesuite.command.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code enclave.kubernetes.suite-account.*}: who the suite is in the cluster — its ServiceAccount and namespace —
 * and the ClusterRole holding its rights inside an enclave namespace, which it binds to itself in each one it
 * provisions (k8s/base/rbac.yaml). The posture check also looks at that namespace.
 */
@ConfigurationProperties("enclave.kubernetes.suite-account")
public record SuiteAccount(@DefaultValue("enclave-suite") String namespace,
                           @DefaultValue("enclave-command") String name,
                           @DefaultValue("enclave-command-in-enclave") String inEnclaveRole) {

    /** As k8s/base deploys it. */
    public static final SuiteAccount DEFAULTS =
            new SuiteAccount("enclave-suite", "enclave-command", "enclave-command-in-enclave");

    public SuiteAccount {
        for (String[] value : new String[][]{{"namespace", namespace}, {"name", name}, {"in-enclave-role", inEnclaveRole}}) {
            if (value[1] == null || value[1].isBlank()) {
                throw new IllegalArgumentException("enclave.kubernetes.suite-account." + value[0] + " must be set");
            }
        }
    }
}
