package io.enclavesuite.testsupport;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@EnclaveInfrastructure
class KubernetesApiTest {

    @Test
    void namespaceCanBeCreatedReadUpdatedAndDeleted(TestInfrastructure infrastructure) {
        String name = "t" + UUID.randomUUID().toString().substring(0, 8);
        try (KubernetesClient client = infrastructure.newKubernetesClient()) {
            client.namespaces().resource(namespace(name, Map.of("enclave", "alpha"))).create();

            Namespace read = client.namespaces().withName(name).get();
            assertThat(read).isNotNull();
            assertThat(read.getMetadata().getLabels()).containsEntry("enclave", "alpha");

            client.namespaces().resource(namespace(name, Map.of("enclave", "alpha", "stage", "ready")))
                    .createOr(NonDeletingOperation::update);
            assertThat(client.namespaces().withName(name).get().getMetadata().getLabels())
                    .containsEntry("enclave", "alpha")
                    .containsEntry("stage", "ready");

            assertThat(client.namespaces().withName(name).delete()).isNotEmpty();
            // The mock removes it at once; a real API server first marks it Terminating.
            Namespace afterDelete = client.namespaces().withName(name).get();
            assertThat(afterDelete == null || afterDelete.getMetadata().getDeletionTimestamp() != null).isTrue();
        }
    }

    @Test
    void kubeconfigFileDescribesTheApiServerInUse(TestInfrastructure infrastructure) throws Exception {
        String yaml = Files.readString(infrastructure.kubeconfig());

        Config config = Config.fromKubeconfig(yaml);

        assertThat(config.getMasterUrl()).startsWith("https://");
        assertThat(config.getCurrentContext()).isNotNull();
    }

    private static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
    }
}
