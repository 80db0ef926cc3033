package io.enclavesuite.deploy.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization directory as {@code kubectl kustomize} does, for exactly the subset k8s/ uses, because CI
 * has no kubectl: {@code resources} (YAML files, and directories holding a kustomization), {@code namespace},
 * {@code labels} (without selectors), {@code patches} as JSON 6902 operations against a target, {@code replicas}
 * and {@code images}, applied in kustomize's order (patches, namespace, labels, replicas, images). Every other
 * field, option or kind is refused with {@link UnsupportedKustomization} rather than ignored.
 * <p>
 * Where kustomize silently does nothing (a patch, replica count or image entry that matches no object) this
 * renderer fails: in our manifests such an entry is always a mistake.
 */
public final class Kustomize {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "namespace", "labels", "resources", "patches", "replicas", "images");
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    private Kustomize() {
    }

    /**
     * Prints what CI renders for a kustomization directory, one YAML document per object, to compare with
     * {@code kubectl kustomize} by hand (docs/deploy.md).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Kustomize <kustomization directory>");
            System.exit(2);
        }
        for (ObjectNode object : render(Path.of(args[0]))) {
            System.out.print(YAML.writeValueAsString(object));
        }
    }

    /** Every object the kustomization in {@code directory} renders to, as JSON trees. */
    public static List<ObjectNode> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new UnsupportedKustomization("no kustomization.yaml in " + directory);
        }
        JsonNode kustomization = read(file).stream().findFirst()
                .orElseThrow(() -> new UnsupportedKustomization(file + " is empty"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new UnsupportedKustomization(file + ": field '" + field + "' is not supported");
            }
        });
        if (!"Kustomization".equals(kustomization.path("kind").asText("Kustomization"))) {
            throw new UnsupportedKustomization(file + ": kind must be Kustomization");
        }

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            String resource = entry.asText();
            if (resource.contains("://") || resource.startsWith("git@")) {
                throw new UnsupportedKustomization(file + ": remote resource " + resource);
            }
            Path path = directory.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else if (Files.isRegularFile(path)) {
                for (JsonNode document : read(path)) {
                    objects.add(object(document, path));
                }
            } else {
                throw new UnsupportedKustomization(file + ": resource " + resource + " does not exist");
            }
        }
        requireUnique(objects, file);

        objects = patch(objects, kustomization.path("patches"), directory, file);
        if (kustomization.hasNonNull("namespace")) {
            namespace(objects, kustomization.get("namespace").asText(), file);
        }
        labels(objects, kustomization.path("labels"), file);
        replicas(objects, kustomization.path("replicas"), file);
        images(objects, kustomization.path("images"), file);
        return objects;
    }

    private static List<JsonNode> read(Path file) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            List<JsonNode> read = new ArrayList<>();
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isMissingNode() && !document.isEmpty()) {
                    read.add(document);
                }
            }
            return read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static ObjectNode object(JsonNode document, Path file) {
        if (!(document instanceof ObjectNode object) || !object.hasNonNull("apiVersion") || !object.hasNonNull("kind")
                || !object.path("metadata").hasNonNull("name")) {
            throw new UnsupportedKustomization(file + ": every document needs apiVersion, kind and metadata.name");
        }
        ResourceScope.namespaced(object.get("apiVersion").asText(), object.get("kind").asText()); // a known kind
        return object;
    }

    private static String id(JsonNode object) {
        return object.get("apiVersion").asText().replaceAll("/[^/]*$", "") + "/" + object.get("kind").asText() + "/"
                + object.path("metadata").path("namespace").asText("") + "/" + object.path("metadata").get("name").asText();
    }

    private static void requireUnique(List<ObjectNode> objects, Path file) {
        Set<String> seen = new HashSet<>();
        for (ObjectNode object : objects) {
            if (!seen.add(id(object))) {
                throw new UnsupportedKustomization(file + ": " + id(object) + " is defined twice");
            }
        }
    }

    // --- patches ------------------------------------------------------------------------------------------------

    private static List<ObjectNode> patch(List<ObjectNode> objects, JsonNode patches, Path directory, Path file) {
        List<ObjectNode> patched = new ArrayList<>(objects);
        for (JsonNode entry : patches) {
            entry.fieldNames().forEachRemaining(field -> {
                if (!Set.of("patch", "path", "target").contains(field)) {
                    throw new UnsupportedKustomization(file + ": patch field '" + field + "' is not supported");
                }
            });
            JsonNode target = entry.path("target");
            if (target.isMissingNode()) {
                throw new UnsupportedKustomization(file + ": a patch without a target (strategic merge) is not supported");
            }
            target.fieldNames().forEachRemaining(field -> {
                if (!Set.of("group", "version", "kind", "name").contains(field)) {
                    throw new UnsupportedKustomization(file + ": patch target field '" + field + "' is not supported");
                }
            });
            JsonNode operations = operations(entry, directory, file);
            int matched = 0;
            for (int i = 0; i < patched.size(); i++) {
                if (matches(target, patched.get(i))) {
                    JsonNode result = JsonPatch.apply(operations, patched.get(i));
                    patched.set(i, (ObjectNode) result);
                    matched++;
                }
            }
            if (matched == 0) {
                throw new UnsupportedKustomization(file + ": patch target " + target + " matches no object");
            }
        }
        return patched;
    }

    private static JsonNode operations(JsonNode entry, Path directory, Path file) {
        JsonNode operations;
        try {
            if (entry.hasNonNull("patch") == entry.hasNonNull("path")) {
                throw new UnsupportedKustomization(file + ": a patch has either 'patch' or 'path'");
            }
            operations = entry.hasNonNull("patch")
                    ? YAML.readTree(entry.get("patch").asText())
                    : YAML.readTree(directory.resolve(entry.get("path").asText()).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": unreadable patch", e);
        }
        if (!(operations instanceof ArrayNode)) {
            throw new UnsupportedKustomization(file + ": only JSON 6902 patches (a list of operations) are supported, "
                    + "not strategic merge");
        }
        return operations;
    }

    private static boolean matches(JsonNode target, JsonNode object) {
        String apiVersion = object.get("apiVersion").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        return (!target.has("kind") || target.get("kind").asText().equals(object.get("kind").asText()))
                && (!target.has("name") || target.get("name").asText().equals(object.path("metadata").path("name").asText()))
                && (!target.has("group") || target.get("group").asText().equals(group))
                && (!target.has("version") || target.get("version").asText().equals(version));
    }

    // --- namespace ----------------------------------------------------------------------------------------------

    private static void namespace(List<ObjectNode> objects, String namespace, Path file) {
        for (ObjectNode object : objects) {
            String kind = object.get("kind").asText();
            if (ResourceScope.namespaced(object.get("apiVersion").asText(), kind)) {
                ((ObjectNode) object.get("metadata")).put("namespace", namespace);
            }
            // kustomize rewrites some ServiceAccount subjects of bindings and not others: ours name theirs
            if (kind.endsWith("RoleBinding")) {
                for (JsonNode subject : object.path("subjects")) {
                    if ("ServiceAccount".equals(subject.path("kind").asText())
                            && !namespace.equals(subject.path("namespace").asText())) {
                        throw new UnsupportedKustomization(file + ": " + id(object)
                                + ": a ServiceAccount subject must name the namespace " + namespace + " itself");
                    }
                }
            }
        }
    }

    // --- labels -------------------------------------------------------------------------------------------------

    private static void labels(List<ObjectNode> objects, JsonNode labels, Path file) {
        for (JsonNode entry : labels) {
            entry.fieldNames().forEachRemaining(field -> {
                if (!Set.of("pairs", "includeSelectors", "includeTemplates").contains(field)) {
                    throw new UnsupportedKustomization(file + ": labels field '" + field + "' is not supported");
                }
            });
            if (entry.path("includeSelectors").asBoolean(false)) {
                throw new UnsupportedKustomization(file + ": labels with includeSelectors are not supported");
            }
            boolean templates = entry.path("includeTemplates").asBoolean(false);
            for (ObjectNode object : objects) {
                addLabels(object.withObjectProperty("metadata"), entry.path("pairs"));
                if (templates) {
                    for (ObjectNode template : templates(object)) {
                        addLabels(template.withObjectProperty("metadata"), entry.path("pairs"));
                    }
                }
            }
        }
    }

    private static void addLabels(ObjectNode metadata, JsonNode pairs) {
        ObjectNode target = metadata.withObjectProperty("labels");
        for (Iterator<Map.Entry<String, JsonNode>> it = pairs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = it.next();
            target.put(pair.getKey(), pair.getValue().asText());
        }
    }

    /** The pod (and job) templates kustomize's includeTemplates labels. */
    private static List<ObjectNode> templates(ObjectNode object) {
        List<ObjectNode> templates = new ArrayList<>();
        switch (object.get("kind").asText()) {
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController" -> {
                if (object.path("spec").path("template") instanceof ObjectNode template) {
                    templates.add(template);
                }
            }
            case "CronJob" -> {
                if (object.path("spec").path("jobTemplate") instanceof ObjectNode jobTemplate) {
                    templates.add(jobTemplate);
                    if (jobTemplate.path("spec").path("template") instanceof ObjectNode template) {
                        templates.add(template);
                    }
                }
            }
            default -> {
            }
        }
        return templates;
    }

    // --- replicas -----------------------------------------------------------------------------------------------

    private static void replicas(List<ObjectNode> objects, JsonNode replicas, Path file) {
        for (JsonNode entry : replicas) {
            String name = entry.path("name").asText();
            boolean found = false;
            for (ObjectNode object : objects) {
                if (SCALABLE.contains(object.get("kind").asText())
                        && name.equals(object.path("metadata").path("name").asText())) {
                    object.withObjectProperty("spec").put("replicas", entry.path("count").asInt());
                    found = true;
                }
            }
            if (!found) {
                throw new UnsupportedKustomization(file + ": replicas for " + name + " match no workload");
            }
        }
    }

    // --- images -------------------------------------------------------------------------------------------------

    private static void images(List<ObjectNode> objects, JsonNode images, Path file) {
        for (JsonNode entry : images) {
            entry.fieldNames().forEachRemaining(field -> {
                if (!Set.of("name", "newName", "newTag", "digest").contains(field)) {
                    throw new UnsupportedKustomization(file + ": images field '" + field + "' is not supported");
                }
            });
            if (entry.has("newTag") && entry.has("digest")) {
                throw new UnsupportedKustomization(file + ": an image takes a newTag or a digest, not both");
            }
            String name = entry.path("name").asText();
            int replaced = 0;
            for (ObjectNode object : objects) {
                for (ObjectNode container : containers(object)) {
                    String image = container.path("image").asText();
                    if (name.equals(repository(image))) {
                        container.put("image", renamed(image, entry));
                        replaced++;
                    }
                }
            }
            if (replaced == 0) {
                throw new UnsupportedKustomization(file + ": image " + name + " is used by no container");
            }
        }
    }

    private static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    private static String renamed(String image, JsonNode entry) {
        String repository = entry.has("newName") ? entry.get("newName").asText() : repository(image);
        if (entry.has("digest")) {
            return repository + "@" + entry.get("digest").asText();
        }
        if (entry.has("newTag")) {
            return repository + ":" + entry.get("newTag").asText();
        }
        return repository + image.substring(repository(image).length());
    }

    /** Containers and init containers of a pod, a workload's pod template or a CronJob's job template. */
    private static List<ObjectNode> containers(ObjectNode object) {
        List<JsonNode> podSpecs = List.of(
                object.path("spec"),
                object.path("spec").path("template").path("spec"),
                object.path("spec").path("jobTemplate").path("spec").path("template").path("spec"));
        List<ObjectNode> containers = new ArrayList<>();
        for (JsonNode podSpec : podSpecs) {
            for (String field : List.of("containers", "initContainers")) {
                for (JsonNode container : podSpec.path(field)) {
                    if (container instanceof ObjectNode node && node.has("image")) {
                        containers.add(node);
                    }
                }
            }
        }
        return containers;
    }
}
