package io.enclavesuite.deploy.image;

import io.enclavesuite.deploy.Repository;
import io.enclavesuite.deploy.SuiteService;
import io.enclavesuite.deploy.compose.ComposeFile;
import io.enclavesuite.deploy.kubernetes.Manifests;
import io.enclavesuite.deploy.kubernetes.WorkloadPolicy;
import io.fabric8.kubernetes.api.model.Container;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The images as far as CI can build them without a Docker engine: layered jars, the Dockerfile, the names. */
class ImagesTest {

    @TempDir
    Path dir;

    @Test
    void everyServiceBuildsALayeredJarThatTheDockerfileCopiesLayerByLayer() {
        Dockerfile dockerfile = Dockerfile.read(Repository.file("docker/Dockerfile"));
        for (SuiteService service : SuiteService.ALL) {
            Path jar = Repository.jar(service);
            assertThat(LayeredJar.violations(jar, service.mainClass())).as(service.module()).isEmpty();
            assertThat(dockerfile.copiedLayers()).as(service.module()).isEqualTo(LayeredJar.layers(jar));
        }
        assertThat(dockerfile.violations()).isEmpty();
    }

    /**
     * The third-party images the suite runs beside its own (the operators bring their clusters' images); compose's
     * one-shot helpers (preflight, the receipt key's public half) run the services' own JRE base image.
     */
    private static final Set<String> INFRASTRUCTURE = Set.of("postgres", "apache/kafka", "minio/minio", "eclipse-temurin");

    @Test
    void composeAndKubernetesRunExactlyTheImagesTheBuildNames() {
        Set<String> built = SuiteService.ALL.stream().map(service -> service.image(Repository.version()))
                .collect(Collectors.toSet());
        ComposeFile compose = ComposeFile.load(Repository.file("docker-compose.yml"));
        Set<String> composed = compose.services().keySet().stream().map(compose::image).collect(Collectors.toSet());
        assertThat(composed.stream().filter(SuiteService::isSuiteImage)).containsExactlyInAnyOrderElementsOf(built);
        assertThat(composed).allSatisfy(image -> assertThat(built.contains(image) || INFRASTRUCTURE.contains(repository(image)))
                .as(image + " is neither a built service nor known infrastructure").isTrue());
        for (String overlay : List.of("dev", "prod")) {
            Set<String> deployed = Manifests.render(Repository.file("k8s/overlays/" + overlay)).objects().stream()
                    .flatMap(object -> WorkloadPolicy.podSpec(object).stream())
                    .flatMap(pod -> Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream()))
                    .map(Container::getImage).collect(Collectors.toSet());
            assertThat(deployed.stream().filter(SuiteService::isSuiteImage)).as(overlay).containsExactlyInAnyOrderElementsOf(built);
            assertThat(deployed).allSatisfy(image -> assertThat(built.contains(image) || INFRASTRUCTURE.contains(repository(image)))
                    .as(overlay + ": " + image + " is neither a built service nor known infrastructure").isTrue());
        }
    }

    private static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        return name.lastIndexOf(':') > name.lastIndexOf('/') ? name.substring(0, name.lastIndexOf(':')) : name;
    }

    @Test
    void aJarWithoutALayerIndexIsRefused() throws IOException {
        Path jar = jar(null, "com.example.App");

        assertThat(LayeredJar.violations(jar, "com.example.App")).containsExactly(
                "plain.jar: layers [], expected [dependencies, spring-boot-loader, snapshot-dependencies, application]");
    }

    @Test
    void aJarMissingALayerOrStartingAnotherClassIsRefused() throws IOException {
        Path jar = jar("""
                - "dependencies":
                  - "BOOT-INF/lib/"
                - "application":
                  - "BOOT-INF/classes/"
                """, "com.example.Other");

        assertThat(LayeredJar.violations(jar, "com.example.App")).containsExactly(
                "plain.jar: layers [dependencies, application], expected "
                        + "[dependencies, spring-boot-loader, snapshot-dependencies, application]",
                "plain.jar: Start-Class com.example.Other, expected com.example.App");
    }

    @Test
    void aDockerfileRunningAsRootOrOnAnUnpinnedBaseIsRefused() {
        List<String> lines = Dockerfile.read(Repository.file("docker/Dockerfile")).lines();
        List<String> root = lines.stream().map(line -> line.startsWith("USER ") ? "USER root" : line).toList();
        List<String> latest = lines.stream()
                .map(line -> line.startsWith("ARG JRE_IMAGE=") ? "ARG JRE_IMAGE=eclipse-temurin:latest" : line).toList();

        assertThat(new Dockerfile(root).violations()).containsExactly("the last USER (root) is not a numeric non-root user");
        assertThat(new Dockerfile(latest).violations()).containsExactly("base image eclipse-temurin:latest is not pinned to a tag");
    }

    private Path jar(String layersIndex, String startClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LayeredJar.LAUNCHER);
        manifest.getMainAttributes().putValue("Start-Class", startClass);
        Path jar = dir.resolve("plain.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            if (layersIndex != null) {
                jarOut.putNextEntry(new JarEntry("BOOT-INF/layers.idx"));
                jarOut.write(layersIndex.getBytes(StandardCharsets.UTF_8));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
