package io.enclavesuite.api.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders an {@link EnclaveManifest} as the files of its folder in a state repository:
 * {@code enclaves/<name>/enclave.yaml} and {@code enclaves/<name>/tentacles/<tentacle>.yaml}. The same manifest
 * always gives the same bytes — keys in a fixed order, collections sorted, every string quoted, no time of writing
 * — so the Git mirror commits only what changed and an export can be compared byte for byte.
 */
public final class ManifestFiles {

    /** The folder of every enclave in the repository. */
    public static final String ROOT = "enclaves";
    static final String HEADER = "# Mirrored from the enclave's events (the event store is the source): "
            + "edits here are overwritten.\n";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private ManifestFiles() {
    }

    /** The enclave's folder, relative to the repository's root. */
    public static String folder(String enclave) {
        return ROOT + "/" + enclave;
    }

    /** Each file of the enclave's folder by its path relative to the repository's root, in path order. */
    public static SortedMap<String, String> render(EnclaveManifest manifest) {
        SortedMap<String, String> files = new TreeMap<>();
        String folder = folder(manifest.name());
        files.put(folder + "/enclave.yaml", yaml(enclave(manifest)));
        manifest.tentacles().values().forEach(tentacle ->
                files.put(folder + "/tentacles/" + tentacle.name() + ".yaml", yaml(tentacle(manifest, tentacle))));
        return Collections.unmodifiableSortedMap(files);
    }

    private static Map<String, Object> enclave(EnclaveManifest m) {
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("id", m.channelId());
        channel.put("name", m.channelName());
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("name", m.name());
        yaml.put("status", m.status().name());
        yaml.put("owner", m.owner());
        yaml.put("channel", channel);
        yaml.put("mode", m.mode());
        yaml.put("quota", m.quota());
        yaml.put("frozenFor", m.frozenFor());
        yaml.put("members", m.members());
        yaml.put("sharedServices", m.sharedServices());
        yaml.put("tentacles", m.tentacles().keySet().stream().toList());
        return yaml;
    }

    private static Map<String, Object> tentacle(EnclaveManifest m, EnclaveManifest.Tentacle t) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        yaml.put("name", t.name());
        yaml.put("enclave", m.name());
        yaml.put("image", t.image());
        yaml.put("schedule", t.schedule());
        yaml.put("mode", t.mode());
        yaml.put("owner", t.owner());
        yaml.put("dependencies", t.dependencies());
        yaml.put("schemaAccess", t.schemaAccess());
        return yaml;
    }

    private static String yaml(Map<String, Object> content) {
        try {
            return HEADER + YAML.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest is plain strings, lists and maps", e);
        }
    }
}
