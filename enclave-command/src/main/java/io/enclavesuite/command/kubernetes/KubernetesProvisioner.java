package io.enclavesuite.command.kubernetes;

/**
 * The port through which sagas shape the cluster. Every operation converges (create-or-update, delete-if-present),
 * so a step replayed after a crash does no harm.
 */
public interface KubernetesProvisioner {

    /**
     * Creates the namespace, the RoleBinding through which the suite holds its rights in it, and its guardrails —
     * ResourceQuota and LimitRange, NetworkPolicies (deny by default;
     * allow within the namespace and DNS), and the workloads' ServiceAccount, Role and RoleBinding — or brings
     * existing ones to the spec.
     */
    void ensureNamespace(NamespaceSpec spec);

    /** Deletes the namespace if it exists. */
    void removeNamespace(String name);
}
