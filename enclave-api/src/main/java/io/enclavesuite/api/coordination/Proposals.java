package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads a proposal from an event of either revision: revision 1 held a slot in clear, whose time is dropped. */
final class Proposals {

    private Proposals() {
    }

    static Proposal read(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.has("number")) {
            JsonNode slot = node.path("slot");
            return new Proposal(node.path("number").intValue(),
                    slot.isTextual() ? new SealedSlot(slot.textValue()) : null);
        }
        return Proposal.unsealed();
    }

    /** A proposal's number from an event of either revision: a slot in clear (revision 1) reads as unsealed. */
    static int number(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.intValue() : Proposal.UNSEALED;
    }
}
