package io.enclavesuite.command.enclave.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields we set that an object in the cluster no longer holds, in words ({@code spec.hard.pods 99→20}: found →
 * restored). Only what the desired object states is compared: what the API server adds (defaults, status, uids,
 * managed fields) is not ours and never drift. An empty list or map we state matches one the server leaves out.
 */
final class FieldChanges {

    /** Fields of every object that are the API server's or compared elsewhere (labels, annotations). */
    private static final Set<String> NOT_COMPARED = Set.of("apiVersion", "kind", "metadata", "status");
    private static final int LONGEST_VALUE = 60;

    private FieldChanges() {
    }

    /** What differs between the desired object and the cluster's, both as JSON trees; empty when nothing does. */
    static List<String> between(JsonNode desired, JsonNode actual) {
        List<String> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!NOT_COMPARED.contains(field.getKey())) {
                compare(field.getKey(), field.getValue(), actual.get(field.getKey()), changes);
            }
        }
        return changes;
    }

    /** The entries of {@code desired} that {@code actual} lacks or holds with another value. */
    static List<String> ofEntries(String path, Map<String, String> desired, Map<String, String> actual) {
        List<String> changes = new ArrayList<>();
        desired.forEach((key, value) -> {
            String found = actual == null ? null : actual.get(key);
            if (!Objects.equals(value, found)) {
                changes.add(change(path + "." + key, found, value));
            }
        });
        return changes;
    }

    private static void compare(String path, JsonNode desired, JsonNode actual, List<String> changes) {
        boolean absent = actual == null || actual.isNull() || actual.isMissingNode();
        if (desired.isContainerNode() && desired.isEmpty() && (absent || actual.isContainerNode() && actual.isEmpty())) {
            return;
        }
        if (desired.isObject() && !absent && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                compare(path + "." + field.getKey(), field.getValue(), actual.get(field.getKey()), changes);
            }
            return;
        }
        if (desired.isArray() && !absent && actual.isArray() && desired.size() == actual.size()) {
            for (int i = 0; i < desired.size(); i++) {
                compare(path + "[" + i + "]", desired.get(i), actual.get(i), changes);
            }
            return;
        }
        if (!desired.equals(actual)) {
            changes.add(change(path, absent ? null : text(actual), text(desired)));
        }
    }

    private static String text(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.length() > LONGEST_VALUE ? text.substring(0, LONGEST_VALUE) + "…" : text;
    }

    private static String change(String path, String found, String restored) {
        return path + " " + (found == null ? "(absent)" : found) + "→" + (restored == null ? "(absent)" : restored);
    }
}
