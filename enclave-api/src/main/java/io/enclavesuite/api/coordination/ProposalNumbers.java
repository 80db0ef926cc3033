package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading a proposal's number from a command, and why anything else is refused (never quoting what was sent). */
final class ProposalNumbers {

    static final String BY_NUMBER = "name the proposal by its number (the `number` of a proposal the room shows you),"
            + " not by its times: slots never travel in clear";

    private ProposalNumbers() {
    }

    /** The number in {@code node}; refused when it is a slot, text or not a positive whole number. */
    static int read(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new IllegalArgumentException(field + " is required: " + BY_NUMBER);
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.intValue() < 1) {
            throw new IllegalArgumentException(field + " must be a proposal's number, 1 or more: " + BY_NUMBER);
        }
        return node.intValue();
    }

    /** A sealed slot from {@code node}; a slot given in clear (an object) is refused with {@code inClear}. */
    static SealedSlot sealed(JsonNode node, String field, String inClear) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(inClear);
        }
        return new SealedSlot(node.textValue());
    }

    static void positive(int number, String field) {
        if (number < 1) {
            throw new IllegalArgumentException(field + " must be a proposal's number, 1 or more: " + BY_NUMBER);
        }
    }
}
