package io.enclavesuite.command.kubernetes;

import java.util.Map;
import java.util.Objects;

/** The desired state of an enclave's namespace; adapters converge the cluster to it. */
public record NamespaceSpec(String name, Map<String, String> labels, Map<String, String> annotations) {

    public NamespaceSpec {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
