package io.enclavesuite.deploy.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KustomizeTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              labels:
                app.kubernetes.io/name: api
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app.kubernetes.io/name: api
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: api
                spec:
                  containers:
                    - name: api
                      image: ghcr.io/example/api
                      env: []
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            """;

    @TempDir
    Path dir;

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private void base() throws IOException {
        write("base/app.yaml", DEPLOYMENT);
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                images:
                  - name: ghcr.io/example/api
                    newTag: "1.2.3"
                """);
    }

    @Test
    void anOverlayRendersItsBaseWithNamespaceLabelsReplicasImagesAndPatches() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                namespace: shop
                labels:
                  - pairs: {app.kubernetes.io/part-of: shop}
                    includeTemplates: true
                resources: [../base]
                replicas:
                  - name: api
                    count: 3
                images:
                  - name: ghcr.io/example/api
                    newName: registry.example/api
                patches:
                  - target: {kind: Deployment, name: api}
                    patch: |-
                      - op: add
                        path: /spec/template/spec/containers/0/env/-
                        value: {name: MODE, value: prod}
                """);

        List<ObjectNode> objects = Kustomize.render(dir.resolve("overlay"));

        ObjectNode deployment = objects.stream().filter(o -> o.get("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertThat(deployment.at("/metadata/namespace").asText()).isEqualTo("shop");
        assertThat(deployment.at("/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("shop");
        assertThat(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1part-of").asText()).isEqualTo("shop");
        assertThat(deployment.at("/spec/selector/matchLabels").has("app.kubernetes.io/part-of")).isFalse();
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/api:1.2.3");
        assertThat(deployment.at("/spec/template/spec/containers/0/env/0/value").asText()).isEqualTo("prod");
        ObjectNode namespace = objects.stream().filter(o -> o.get("kind").asText().equals("Namespace")).findFirst().orElseThrow();
        assertThat(namespace.at("/metadata").has("namespace")).as("cluster-scoped").isFalse();
    }

    @Test
    void aFieldItDoesNotRenderIsRefused() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                configMapGenerator:
                  - name: settings
                    literals: [A=1]
                """);

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("overlay")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("configMapGenerator");
    }

    @Test
    void aStrategicMergePatchIsRefused() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - target: {kind: Deployment, name: api}
                    patch: |-
                      spec:
                        replicas: 2
                """);

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("overlay")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("strategic merge");
    }

    @Test
    void aPatchThatMatchesNothingIsRefused() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                patches:
                  - target: {kind: Deployment, name: apj}
                    patch: '[{"op": "replace", "path": "/spec/replicas", "value": 2}]'
                """);

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("overlay")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("matches no object");
    }

    @Test
    void anUnknownKindIsRefusedBecauseItsScopeIsUnknown() throws IOException {
        write("base/thing.yaml", """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                """);
        write("base/kustomization.yaml", "resources: [thing.yaml]\n");

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("base")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("Widget");
    }

    @Test
    void labelsOnSelectorsAreRefused() throws IOException {
        base();
        write("overlay/kustomization.yaml", """
                resources: [../base]
                labels:
                  - pairs: {team: a}
                    includeSelectors: true
                """);

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("overlay")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("includeSelectors");
    }

    @Test
    void aServiceAccountSubjectMustNameTheNamespace() throws IOException {
        write("base/binding.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: b
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
                subjects:
                  - kind: ServiceAccount
                    name: api
                """);
        write("base/kustomization.yaml", "namespace: shop\nresources: [binding.yaml]\n");

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("base")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("must name the namespace shop");
    }

    @Test
    void anObjectDefinedTwiceIsRefused() throws IOException {
        base();
        write("overlay/again.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
        write("overlay/kustomization.yaml", "resources: [../base, again.yaml]\n");

        assertThatThrownBy(() -> Kustomize.render(dir.resolve("overlay")))
                .isInstanceOf(UnsupportedKustomization.class).hasMessageContaining("defined twice");
    }
}
