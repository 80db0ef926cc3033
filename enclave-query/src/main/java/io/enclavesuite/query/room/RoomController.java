package io.enclavesuite.query.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Rooms and the Coordination feed, for the people in them only (the reader is the person the bearer token names):
 * <ul>
 *   <li>{@code GET /api/rooms} — the rooms the reader takes part in, newest first;</li>
 *   <li>{@code GET /api/rooms/{room}} — one room: status, participants with how each was authorized, whether they
 *       have shared windows (never the windows) and which proposal they accepted, the current proposals by number
 *       (who proposed each, who accepted and who acknowledged it — never its time: slots are sealed to the room's key,
 *       and an open room's times are read from coordination-service, {@code proposalTimes}), the agreed slot once
 *       resolved ({@code outcome}) and, while the room is open, its {@code roomKey} (what windows and slots are sealed
 *       to); 404 for anyone else;</li>
 *   <li>{@code GET /api/feed/coordination} — one item per room with its trust label (awaiting approval,
 *       auto-executed, approved, resolved, expired, aborted), the "needs attention" bucket and the badge count;</li>
 *   <li>{@code GET /api/feed/coordination/badge} — just the count;</li>
 *   <li>{@code GET /api/feed/coordination/stream} — the same feed as Server-Sent Events ({@code event: feed}): now,
 *       then whenever one of the reader's rooms changes ({@link LiveFeeds}).</li>
 * </ul>
 */
@RestController
class RoomController {

    /** Where a participant reads an open room's proposals with their times: coordination-service, with their token. */
    static final String PROPOSAL_TIMES = "/internal/rooms/%s/proposals";

    private final JdbcTemplate jdbc;
    private final LiveFeeds live;
    private final ObjectMapper json = EnclaveJson.mapper();

    RoomController(JdbcTemplate jdbc, LiveFeeds live) {
        this.jdbc = jdbc;
        this.live = live;
    }

    @GetMapping("/api/rooms")
    List<JsonNode> rooms(@AuthenticationPrincipal UserId who) {
        return roomIdsOf(who).stream().<JsonNode>map(this::room).toList();
    }

    @GetMapping("/api/rooms/{room}")
    JsonNode room(@PathVariable String room, @AuthenticationPrincipal UserId who) {
        if (!participates(room, who)) {
            throw Problems.notFound("Room not found", "no room '" + room + "' with you in it");
        }
        return room(room);
    }

    @GetMapping("/api/feed/coordination")
    JsonNode feed(@AuthenticationPrincipal UserId who) {
        ObjectNode feed = json.createObjectNode();
        ArrayNode attention = feed.putArray("needsAttention");
        ArrayNode items = feed.putArray("items");
        for (String room : roomIdsOf(who)) {
            ObjectNode item = FeedItem.of(room(room), who.value());
            items.add(item);
            if (item.path("needsAttention").asBoolean()) {
                attention.add(item);
            }
        }
        feed.put("badge", attention.size());
        return feed;
    }

    @GetMapping(path = "/api/feed/coordination/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal UserId who) {
        return live.subscribe(who, () -> feed(who));
    }

    @GetMapping("/api/feed/coordination/badge")
    Map<String, Integer> badge(@AuthenticationPrincipal UserId who) {
        return Map.of("badge", feed(who).path("badge").asInt());
    }

    private List<String> roomIdsOf(UserId who) {
        return jdbc.queryForList("""
                        select r.room_id from room r join room_participant p on p.room_id = r.room_id
                        where p.user_id = ? order by r.updated_at desc, r.room_id""", String.class, who.value());
    }

    private boolean participates(String room, UserId who) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from room_participant where room_id = ? and user_id = ?)",
                Boolean.class, room, who.value()));
    }

    private ObjectNode room(String room) {
        ObjectNode view = jdbc.queryForObject("""
                        select room_id, status, purpose, initiator, origin_channel, created_at, expires_at,
                               proposals::text as proposals, outcome::text as outcome, ended_reason, ended_by, updated_at,
                               room_key, ended_rule, ended_explanation
                        from room where room_id = ?""", (rs, row) -> {
                    ObjectNode node = json.createObjectNode();
                    node.put("room", rs.getString("room_id"));
                    node.put("status", rs.getString("status"));
                    node.put("purpose", rs.getString("purpose"));
                    node.put("initiator", rs.getString("initiator"));
                    node.put("originChannel", rs.getString("origin_channel"));
                    node.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
                    node.put("expiresAt", rs.getTimestamp("expires_at").toInstant().toString());
                    // what participants' agents seal their windows to; only while windows may still be submitted
                    if (rs.getString("room_key") != null && "open".equals(rs.getString("status"))) {
                        node.put("roomKey", rs.getString("room_key"));
                    }
                    node.set("proposals", parse(rs.getString("proposals")));
                    if ("open".equals(rs.getString("status"))) {
                        node.put("proposalTimes", PROPOSAL_TIMES.formatted(rs.getString("room_id")));
                    }
                    if (rs.getString("outcome") != null) {
                        node.set("outcome", parse(rs.getString("outcome")));
                    }
                    node.put("endedReason", rs.getString("ended_reason"));
                    node.put("endedBy", rs.getString("ended_by"));
                    if (rs.getString("ended_rule") != null) {
                        node.put("endedRule", rs.getString("ended_rule"));
                        node.put("endedExplanation", rs.getString("ended_explanation"));
                    }
                    node.put("updatedAt", rs.getTimestamp("updated_at").toInstant().toString());
                    return node;
                }, room);
        ArrayNode participants = view.putArray("participants");
        jdbc.query("""
                        select user_id, authorized_as, rule_id, approval_reason, window_count, accepted::text as accepted,
                               approve_by, deferred_at
                        from room_participant where room_id = ? order by user_id""", rs -> {
                    ObjectNode participant = participants.addObject();
                    participant.put("user", rs.getString("user_id"));
                    participant.put("authorization", rs.getString("authorized_as"));
                    participant.put("ruleId", rs.getString("rule_id"));
                    participant.put("approvalReason", rs.getString("approval_reason"));
                    participant.put("submitted", rs.getObject("window_count") != null);
                    if (rs.getTimestamp("approve_by") != null) {
                        participant.put("approveBy", rs.getTimestamp("approve_by").toInstant().toString());
                    }
                    if (rs.getTimestamp("deferred_at") != null) {
                        participant.put("deferredAt", rs.getTimestamp("deferred_at").toInstant().toString());
                    }
                    if (rs.getString("accepted") != null) {
                        // a proposal's number; null for an acceptance from before proposals were numbered
                        int accepted = parse(rs.getString("accepted")).asInt();
                        participant.set("accepted", accepted > 0 ? json.getNodeFactory().numberNode(accepted)
                                : json.getNodeFactory().nullNode());
                    }
                }, room);
        view.set("proposals", proposals(view));
        return view;
    }

    /**
     * The kept proposals as shown: number (none for one from before proposals were numbered), who proposed it (null:
     * the room), who accepted it and who acknowledged it.
     */
    private ArrayNode proposals(ObjectNode view) {
        ArrayNode shown = json.createArrayNode();
        for (JsonNode kept : view.path("proposals")) {
            int number = kept.path("number").asInt();
            ObjectNode proposal = shown.addObject();
            if (number > 0) {
                proposal.put("number", number);
            }
            proposal.set("proposedBy", kept.path("proposedBy").isTextual() ? kept.get("proposedBy")
                    : json.getNodeFactory().nullNode());
            ArrayNode acceptedBy = proposal.putArray("acceptedBy");
            for (JsonNode participant : view.path("participants")) {
                if (number > 0 && participant.path("accepted").asInt() == number) {
                    acceptedBy.add(participant.path("user").asText());
                }
            }
            ArrayNode acknowledgedBy = proposal.putArray("acknowledgedBy");
            kept.path("acknowledgedBy").forEach(acknowledgedBy::add);
        }
        return shown;
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("room columns hold JSON", e);
        }
    }
}
