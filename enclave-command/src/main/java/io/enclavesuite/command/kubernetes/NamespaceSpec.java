package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.QuotaPreset;

import java.util.Map;
import java.util.Objects;

/**
 * The desired state of an enclave's namespace and the guardrails inside it; adapters converge the cluster to it.
 *
 * @param enclave the enclave's name, which every object created for it carries as a label
 * @param quota   the quota preset whose amounts (from configuration) become the namespace's ResourceQuota
 */
public record NamespaceSpec(String name, String enclave, QuotaPreset quota,
                            Map<String, String> labels, Map<String, String> annotations) {

    public NamespaceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(enclave, "enclave");
        Objects.requireNonNull(quota, "quota");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
