package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Takes an enclave's Kubernetes objects apart by its label, kind by kind, each delete converging (a missing object
 * is not an error), so a step repeated after a crash reports what it still found and removes it.
 */
@Component
public class Fabric8EnclaveTeardown implements EnclaveTeardown {

    private final KubernetesClient client;

    public Fabric8EnclaveTeardown(KubernetesClient client) {
        this.client = client;
    }

    private List<Function<KubernetesClient, MixedOperation<? extends HasMetadata, ? extends KubernetesResourceList<?>,
            ? extends Resource<? extends HasMetadata>>>> workloads() {
        return List.of(c -> c.apps().deployments(), c -> c.batch().v1().cronjobs(), c -> c.batch().v1().jobs());
    }

    /**
     * Everything else the suite makes inside an enclave namespace (shared-service wiring adds Secrets and more).
     * RoleBindings last: one of them gives the suite its rights in the namespace, so it goes with the final request.
     */
    private List<Function<KubernetesClient, MixedOperation<? extends HasMetadata, ? extends KubernetesResourceList<?>,
            ? extends Resource<? extends HasMetadata>>>> guardrails() {
        return List.of(c -> c.services(), c -> c.configMaps(), c -> c.secrets(), c -> c.resourceQuotas(),
                c -> c.limitRanges(), c -> c.network().v1().networkPolicies(), c -> c.rbac().roles(),
                c -> c.serviceAccounts(), c -> c.rbac().roleBindings());
    }

    @Override
    public List<String> stopTentacles(EnclaveId enclave) {
        return deleteLabelled(enclave, workloads());
    }

    @Override
    public List<String> deleteNamespace(EnclaveId enclave) {
        List<String> removed = new ArrayList<>(deleteLabelled(enclave, workloads()));
        removed.addAll(deleteLabelled(enclave, guardrails()));
        var namespace = client.namespaces().withName(enclave.namespace());
        if (namespace.get() != null) {
            namespace.delete();
            removed.add("Namespace/" + enclave.namespace());
        }
        return removed.stream().sorted().toList();
    }

    @Override
    public boolean namespaceGone(EnclaveId enclave) {
        return client.namespaces().withName(enclave.namespace()).get() == null;
    }

    private List<String> deleteLabelled(EnclaveId enclave, List<Function<KubernetesClient, MixedOperation<
            ? extends HasMetadata, ? extends KubernetesResourceList<?>, ? extends Resource<? extends HasMetadata>>>> kinds) {
        List<String> removed = new ArrayList<>();
        for (var kind : kinds) {
            var objects = kind.apply(client).inNamespace(enclave.namespace())
                    .withLabel(EnclaveLabels.ENCLAVE, enclave.value());
            for (HasMetadata object : objects.list().getItems()) {
                removed.add(object.getKind() + "/" + object.getMetadata().getName());
            }
            objects.delete();
        }
        return removed.stream().sorted().toList();
    }
}
