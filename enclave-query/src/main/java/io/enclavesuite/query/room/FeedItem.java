package io.enclavesuite.query.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One room as a Coordination feed item for one person: its trust label and whether it needs them now, and why.
 * <ul>
 *   <li>pending, and their agent asked them: "awaiting approval", or "drafted" when their agent drafted the joining
 *       under their level or spent budget — needs attention (approve, decline or defer) until they defer it;</li>
 *   <li>open: labelled by how they joined — "auto-executed" (with the rule) or "approved" — and needing attention
 *       while they have not shared windows, or a slot is proposed they have not accepted;</li>
 *   <li>ended: "resolved", "expired" or "aborted".</li>
 * </ul>
 */
final class FeedItem {

    static ObjectNode of(JsonNode room, String reader) {
        JsonNode me = null;
        for (JsonNode participant : room.path("participants")) {
            if (participant.path("user").asText().equals(reader)) {
                me = participant;
            }
        }
        String status = room.path("status").asText();
        String authorization = me == null ? "asked" : me.path("authorization").asText();
        String label;
        String attention = null;
        switch (status) {
            case "pending" -> {
                if ("awaiting-approval".equals(authorization) || "drafted".equals(authorization)) {
                    boolean drafted = "drafted".equals(authorization);
                    label = drafted ? "drafted" : "awaiting approval";
                    // deferred: acknowledged, so it leaves Needs attention and stays in the feed
                    if (!me.hasNonNull("deferredAt")) {
                        attention = drafted
                                ? "your agent drafted joining: approve it" + (me.hasNonNull("approveBy")
                                        ? " by " + me.path("approveBy").asText() + " or the room is aborted" : "")
                                : "your approval is needed before your agent joins";
                    }
                } else {
                    label = "auto-executed".equals(authorization) ? "auto-executed" : "waiting for others";
                }
            }
            case "open" -> {
                label = "auto-executed".equals(authorization) ? "auto-executed" : "approved";
                if (me != null && !me.path("submitted").asBoolean()) {
                    attention = "share your availability windows";
                } else if (room.path("proposals").size() > 0 && me != null && me.path("accepted").isMissingNode()) {
                    attention = "a slot is proposed: accept it or counter";
                }
            }
            default -> label = status;
        }
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("room", room.path("room").asText());
        item.put("purpose", room.path("purpose").asText());
        item.put("status", status);
        item.put("label", label);
        if (me != null && me.hasNonNull("ruleId")) {
            item.put("ruleId", me.path("ruleId").asText());
        }
        if (me != null && me.hasNonNull("deferredAt") && "pending".equals(status)) {
            item.put("deferred", true);
        }
        item.put("needsAttention", attention != null);
        if (attention != null) {
            item.put("attention", attention);
        }
        item.put("initiator", room.path("initiator").asText());
        if (room.hasNonNull("endedRule")) {
            item.put("endedRule", room.path("endedRule").asText());
        }
        item.put("updatedAt", room.path("updatedAt").asText());
        return item;
    }

    private FeedItem() {
    }
}
