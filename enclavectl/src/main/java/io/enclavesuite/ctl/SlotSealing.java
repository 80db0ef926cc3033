package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The slot commands as a person writes them: {@code ProposeSlot}'s {@code slot} and {@code CounterSlot}'s
 * {@code alternative} written in clear are sealed here to the room's public key as the actor
 * ({@code RoomSeals.sealSlot}), as {@link WindowSealing} seals windows, before anything leaves this process. A proposal
 * is named by its number; a slot or a time written where a number belongs is refused here, so it is never sent.
 */
final class SlotSealing {

    /** The commands that name a proposal, and the field that names it. */
    private static final Map<String, String> NUMBERED = Map.of(
            "AcceptSlot", "proposal", "AcknowledgeWindows", "proposal", "CounterSlot", "rejected");
    /** The commands that carry a slot of their own, and its field. */
    private static final Map<String, String> SLOTS = Map.of("ProposeSlot", "slot", "CounterSlot", "alternative");

    /** Where a participant finds the numbers, and times, of a room's current proposals. */
    static final String WHERE_NUMBERS_ARE = "the room's current proposals, with their numbers and times, are at"
            + " coordination-service's GET /internal/rooms/{room}/proposals, read with a participant's bearer token"
            + " (enclavectl proposals ROOM --actor U…; docs/coordination.md)";

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final RoomKeyLookup roomKeys;

    SlotSealing(RoomKeyLookup roomKeys) {
        this.roomKeys = roomKeys;
    }

    /** True for the commands this seals or checks. */
    static boolean handles(String type) {
        return NUMBERED.containsKey(type) || SLOTS.containsKey(type);
    }

    /** The payload to send: as given, or with its slot in clear replaced by its sealed form. */
    JsonNode sealIfClear(String type, JsonNode payload, String actor) {
        Optional.ofNullable(NUMBERED.get(type)).ifPresent(field -> requireNumber(type, field, payload.get(field)));
        String field = SLOTS.get(type);
        JsonNode slot = field == null ? null : payload.get(field);
        if (slot == null || slot.isNull() || slot.isTextual()) {
            return payload; // sealed already, or missing: the service says what is wrong
        }
        CoordinationId room;
        UserId participant;
        TimeWindow clear;
        try {
            room = CoordinationId.of(payload.path("coordinationId").asText(null));
            participant = UserId.of(actor);
            if (!slot.isObject()) {
                throw new IllegalArgumentException("not one slot");
            }
            clear = JSON.treeToValue(slot, TimeWindow.class);
        } catch (IOException | RuntimeException e) {
            // never the parser's message: it may quote a time
            throw new IllegalArgumentException(type + " needs a coordinationId, a Slack user as --actor and one slot"
                    + " \"" + field + "\":{\"start\":…,\"end\":…} to seal (starting before it ends)");
        }
        SealedSlot sealed = RoomSeals.sealSlot(roomKeys.keyFor(room, participant, "a slot"), room, participant, clear);
        ObjectNode out = ((ObjectNode) payload).deepCopy();
        out.put(field, sealed.value());
        return out;
    }

    /** A proposal is named by its number: a slot, a time or any other text there is refused before it is sent. */
    private static void requireNumber(String type, String field, JsonNode value) {
        if (value == null || value.isNull() || value.isIntegralNumber()) {
            return; // the service checks the number itself, and says when it is missing
        }
        String given = value.isObject() ? "a slot" : value.isTextual() ? "text" : "not a number";
        throw new IllegalArgumentException(type + "'s \"" + field + "\" names a proposal by its number, e.g. \""
                + field + "\":2, and never by its times (" + given + " was given, and nothing was sent): "
                + WHERE_NUMBERS_ARE);
    }
}
