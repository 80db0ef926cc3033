package io.enclavesuite.suite;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesApiTest {

    private static final Path HOME = Path.of("/home/someone");

    @Test
    void kubeconfigVariableNamesTheCluster() {
        var real = KubernetesApi.configuredCluster(Map.of("KUBECONFIG", "/etc/kube/prod.yaml"), HOME, p -> false);

        assertThat(real).hasValueSatisfying(r -> assertThat(r.kubeconfig()).contains("/etc/kube/prod.yaml"));
    }

    @Test
    void severalKubeconfigFilesAreLeftToFabric8sDiscovery() {
        var real = KubernetesApi.configuredCluster(Map.of("KUBECONFIG", "/a.yaml:/b.yaml"), HOME, p -> false);

        assertThat(real).hasValueSatisfying(r -> assertThat(r.kubeconfig()).isEmpty());
    }

    @Test
    void theUsersKubeconfigIsFoundByFabric8Itself() {
        var real = KubernetesApi.configuredCluster(Map.of(), HOME, p -> p.equals(HOME.resolve(".kube/config")));

        assertThat(real).hasValueSatisfying(r -> {
            assertThat(r.kubeconfig()).isEmpty();
            assertThat(r.source()).isEqualTo("from /home/someone/.kube/config");
        });
    }

    @Test
    void kubeconfigVariableWinsOverTheUsersFile() {
        var real = KubernetesApi.configuredCluster(Map.of("KUBECONFIG", "/etc/kube/prod.yaml"), HOME, p -> true);

        assertThat(real).hasValueSatisfying(r -> assertThat(r.source()).isEqualTo("from KUBECONFIG=/etc/kube/prod.yaml"));
    }

    @Test
    void insideAPodTheServiceAccountIsUsed() {
        var real = KubernetesApi.configuredCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), HOME, p -> false);

        assertThat(real).hasValueSatisfying(r -> assertThat(r.source()).contains("in-cluster"));
    }

    @Test
    void aKubeconfigNamedForTheCommandServiceWinsOverTheEnvironment() {
        var real = KubernetesApi.configuredCluster(Optional.of("/srv/kube/staging.yaml"),
                Map.of("KUBECONFIG", "/etc/kube/prod.yaml"), HOME, p -> true);

        assertThat(real).hasValueSatisfying(r -> assertThat(r.kubeconfig()).contains("/srv/kube/staging.yaml"));
    }

    @Test
    void aRealClusterIsDescribedWithItsApiServer(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://api.example.test:6443"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """);

        var real = KubernetesApi.configuredCluster(Map.of("KUBECONFIG", kubeconfig.toString()), HOME, p -> false);

        assertThat(real.orElseThrow().describe())
                .isEqualTo("real cluster at https://api.example.test:6443/ (from KUBECONFIG=" + kubeconfig + ")");
    }

    @Test
    void withNoClusterTheMockIsChosen() {
        assertThat(KubernetesApi.configuredCluster(Map.of(), HOME, p -> false)).isEmpty();
    }

    @Test
    void theMockKeepsObjectsAndItsKubeconfigReachesIt(@TempDir Path dataDir) throws Exception {
        try (KubernetesApi.Mock mock = KubernetesApi.Mock.start(dataDir);
             KubernetesClient client = new KubernetesClientBuilder()
                     .withConfig(Config.fromKubeconfig(Files.readString(Path.of(mock.kubeconfig().orElseThrow()))))
                     .build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("enclave-probe")
                    .addToLabels("enclavesuite.io/enclave", "probe").endMetadata().build()).create();

            assertThat(client.namespaces().withName("enclave-probe").get().getMetadata().getLabels())
                    .containsEntry("enclavesuite.io/enclave", "probe");
            assertThat(mock.describe()).contains("fabric8 mock API server (CRUD");
        }
    }
}
