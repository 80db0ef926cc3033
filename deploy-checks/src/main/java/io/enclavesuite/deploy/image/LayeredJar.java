package io.enclavesuite.deploy.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A service's executable jar as the image build needs it: Spring Boot's layer index with the four layers the
 * Dockerfile copies, in that order, and the launcher and main class the image's entry point relies on.
 */
public final class LayeredJar {

    public static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    public static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private LayeredJar() {
    }

    /** The layer names of {@code BOOT-INF/layers.idx}, in order; empty when the jar has no index. */
    public static List<String> layers(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry index = file.getEntry("BOOT-INF/layers.idx");
            if (index == null) {
                return List.of();
            }
            List<String> layers = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(file.getInputStream(index),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    // - "dependencies":        a layer
                    //   - "BOOT-INF/lib/..."    one of its entries
                    if (line.startsWith("- \"") && line.endsWith("\":")) {
                        layers.add(line.substring(3, line.length() - 2));
                    }
                }
            }
            return layers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + jar, e);
        }
    }

    public static List<String> violations(Path jar, String mainClass) {
        List<String> violations = new ArrayList<>();
        List<String> layers = layers(jar);
        if (!layers.equals(LAYERS)) {
            violations.add(jar.getFileName() + ": layers " + layers + ", expected " + LAYERS);
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            var attributes = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
            String launcher = attributes == null ? null : attributes.getValue("Main-Class");
            String start = attributes == null ? null : attributes.getValue("Start-Class");
            if (!LAUNCHER.equals(launcher)) {
                violations.add(jar.getFileName() + ": Main-Class " + launcher + ", expected " + LAUNCHER);
            }
            if (!mainClass.equals(start)) {
                violations.add(jar.getFileName() + ": Start-Class " + start + ", expected " + mainClass);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + jar, e);
        }
        return violations;
    }
}
