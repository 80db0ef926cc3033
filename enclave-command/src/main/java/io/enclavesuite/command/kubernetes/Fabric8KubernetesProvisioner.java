package io.enclavesuite.command.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.springframework.stereotype.Component;

/**
 * Kubernetes through fabric8. Uses create-or-update rather than server-side apply: the fabric8 mock API server
 * used by the embedded default and the tests answers 404 to apply, and both converge the same way on a real one.
 */
@Component
public class Fabric8KubernetesProvisioner implements KubernetesProvisioner {

    private final KubernetesClient client;

    public Fabric8KubernetesProvisioner(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void ensureNamespace(NamespaceSpec spec) {
        Namespace namespace = new NamespaceBuilder()
                .withNewMetadata()
                .withName(spec.name())
                .withLabels(spec.labels())
                .withAnnotations(spec.annotations())
                .endMetadata()
                .build();
        client.namespaces().resource(namespace).createOr(NonDeletingOperation::update);
    }

    @Override
    public void removeNamespace(String name) {
        client.namespaces().withName(name).delete();
    }
}
