package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.enclavesuite.api.EnclaveJson;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a dead letter keeps of the record it could not act on: everything but a time a person shared. Dead letters
 * outlive the room they belong to (thirty days), so windows or slots in clear — a {@code windows} list, any
 * {@code {"start":…,"end":…}}, text where a slot's seal ({@code slot}, {@code alternative}) or a proposal's number
 * ({@code proposal}, {@code rejected}) belongs — are left out, with a note saying so; sealed windows and slots
 * (base64url) and proposal numbers stay.
 * A record on the room commands' topic that is not even JSON is left out whole: nothing says what it holds.
 */
final class DeadLetterRedaction {

    static final String LEFT_OUT = "[left out: a dead letter keeps no window or slot time in clear]";
    static final String UNREADABLE_LEFT_OUT = "[left out: an unreadable record on a room commands' topic, %d bytes]";

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    /** The room commands' fields that hold a sealed slot, and those that name a proposal by its number. */
    private static final Set<String> SEALED_SLOTS = Set.of("slot", "alternative");
    private static final Set<String> PROPOSAL_NUMBERS = Set.of("proposal", "rejected");

    private DeadLetterRedaction() {
    }

    static String redact(String value, boolean roomTopic) {
        if (value == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(value);
        } catch (Exception e) {
            return roomTopic ? UNREADABLE_LEFT_OUT.formatted(value.length()) : value;
        }
        if (tree == null || !tree.isContainerNode()) {
            return roomTopic ? UNREADABLE_LEFT_OUT.formatted(value.length()) : value;
        }
        return redact(tree) ? tree.toString() : value;
    }

    /** True when something was left out (the original text is kept byte for byte otherwise). */
    private static boolean redact(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode child = field.getValue();
                if (("windows".equals(field.getKey()) && child.isArray()) || isTimeWindow(child)
                        || isTimeAsText(field.getKey(), child)) {
                    field.setValue(TextNode.valueOf(LEFT_OUT));
                    changed = true;
                } else {
                    changed |= redact(child);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (isTimeWindow(array.get(i))) {
                    array.set(i, TextNode.valueOf(LEFT_OUT));
                    changed = true;
                } else {
                    changed |= redact(array.get(i));
                }
            }
        }
        return changed;
    }

    /** A person's time written as text where ciphertext or a number belongs: not the seal it claims to be. */
    private static boolean isTimeAsText(String field, JsonNode node) {
        return node.isTextual() && (PROPOSAL_NUMBERS.contains(field)
                || (SEALED_SLOTS.contains(field) && !BASE64URL.matcher(node.textValue()).matches()));
    }

    private static boolean isTimeWindow(JsonNode node) {
        return node.isObject() && node.has("start") && node.has("end");
    }
}
