package io.enclavesuite.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/Dockerfile, read as far as the checks need: the base image (pinned), the layers it copies (in the order
 * of the jar's layer index), a numeric non-root user, and the launcher as entry point.
 */
public record Dockerfile(List<String> lines) {

    private static final Pattern COPY_LAYER = Pattern.compile("COPY --from=\\S+ \\S*/extracted/([a-z-]+)/ \\./");
    private static final Pattern JRE_ARG = Pattern.compile("ARG JRE_IMAGE=(\\S+)");

    public static Dockerfile read(Path file) {
        try {
            return new Dockerfile(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public List<String> copiedLayers() {
        List<String> layers = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = COPY_LAYER.matcher(line.trim());
            if (matcher.matches()) {
                layers.add(matcher.group(1));
            }
        }
        return layers;
    }

    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        String base = lines.stream().map(line -> JRE_ARG.matcher(line.trim())).filter(Matcher::matches)
                .map(matcher -> matcher.group(1)).findFirst().orElse(null);
        if (base == null || !base.matches(".+:[^/:]+") || base.endsWith(":latest")) {
            violations.add("base image " + base + " is not pinned to a tag");
        }
        if (lines.stream().map(String::trim).filter(line -> line.startsWith("FROM "))
                .anyMatch(line -> !line.startsWith("FROM ${JRE_IMAGE}"))) {
            violations.add("every stage must start FROM ${JRE_IMAGE}");
        }
        if (!copiedLayers().equals(LayeredJar.LAYERS)) {
            violations.add("copies layers " + copiedLayers() + ", expected " + LayeredJar.LAYERS);
        }
        if (lines.stream().noneMatch(line -> line.contains("extract --layers --launcher"))) {
            violations.add("does not extract the jar's layers with the launcher");
        }
        String user = lines.stream().map(String::trim).filter(line -> line.startsWith("USER ")).reduce((a, b) -> b)
                .map(line -> line.substring(5).trim()).orElse("");
        if (!user.matches("[1-9][0-9]*(:[0-9]+)?")) {
            violations.add("the last USER (" + user + ") is not a numeric non-root user");
        }
        if (lines.stream().noneMatch(line -> line.trim().equals("ENTRYPOINT [\"java\", \"" + LayeredJar.LAUNCHER + "\"]"))) {
            violations.add("the entry point is not java " + LayeredJar.LAUNCHER);
        }
        return violations;
    }
}
