package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.manifest.EnclaveManifest;
import io.enclavesuite.api.manifest.EnclaveManifestFold;
import io.enclavesuite.apiauth.Problems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Time travel: {@code GET /api/enclaves/{name}/as-of?at=…} and {@code GET /api/rooms/{room}/as-of?at=…} rebuild the
 * state from the events recorded up to that instant — nothing is read from the current read model, so the answer
 * is what was true then. A room shows which proposal each participant accepted by its number (a slot's time is
 * sealed to the room's key), and the agreed slot once resolved. Who may read the history now may read it as of any
 * time, but for the tentacles hidden from them now. An enclave is folded by {@link EnclaveManifestFold}, as the Git
 * mirror and {@code enclavectl export} fold it.
 */
@RestController
class AsOfController {

    private final JdbcTemplate jdbc;
    private final HistoryAccess access;

    AsOfController(JdbcTemplate jdbc, HistoryAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    @GetMapping("/api/enclaves/{name}/as-of")
    JsonNode enclave(@PathVariable String name, @AuthenticationPrincipal UserId who,
                     @RequestParam(required = false) String at) {
        Instant instant = instant(at);
        if (!access.mayReadEnclave(name, who)) {
            throw Problems.notFound("Enclave not found", "no enclave named '" + name + "'");
        }
        EnclaveManifestFold fold = new EnclaveManifestFold(name);
        for (JsonNode event : eventsUpTo(name, instant)) {
            fold.apply(event.path("type").asText(), event.path("payload"));
        }
        EnclaveManifest manifest = fold.manifest().orElseThrow(() ->
                Problems.notFound("Not yet", "enclave '" + name + "' did not exist at " + instant));
        ObjectNode state = EnclaveJson.mapper().createObjectNode();
        state.put("name", name).put("asOf", instant.toString()).put("status", manifest.status().name())
                .put("owner", manifest.owner()).put("mode", manifest.mode()).put("channelName", manifest.channelName())
                .put("quota", manifest.quota());
        state.putArray("frozenFor").addAll(manifest.frozenFor().stream().map(state::textNode).toList());
        state.putArray("members").addAll(manifest.members().stream().map(state::textNode).toList());
        ObjectNode byName = state.putObject("tentacles");
        Set<String> hidden = access.hiddenTentacles(name, who);
        manifest.tentacles().values().stream().filter(tentacle -> !hidden.contains(tentacle.name()))
                .forEach(tentacle -> byName.putObject(tentacle.name()).put("image", tentacle.image())
                        .put("schedule", tentacle.schedule()).put("mode", tentacle.mode())
                        .put("owner", tentacle.owner()));
        return state;
    }

    @GetMapping("/api/rooms/{room}/as-of")
    JsonNode room(@PathVariable String room, @AuthenticationPrincipal UserId who,
                  @RequestParam(required = false) String at) {
        Instant instant = instant(at);
        if (!access.mayReadRoom(room, who)) {
            throw Problems.notFound("Room not found", "no room '" + room + "' with you in it");
        }
        ObjectNode state = EnclaveJson.mapper().createObjectNode();
        ObjectNode people = EnclaveJson.mapper().createObjectNode();
        String status = null;
        for (JsonNode event : eventsUpTo(room, instant)) {
            JsonNode p = event.path("payload");
            String participant = p.path("participant").asText();
            switch (event.path("type").asText()) {
                case "CoordinationCreated" -> {
                    status = "pending";
                    state.put("purpose", p.path("purpose").asText()).put("initiator", p.path("initiator").asText());
                    p.path("participants").forEach(u -> people.putObject(u.asText()).put("authorization", "asked"));
                }
                case "ParticipationAuthorized" ->
                        person(people, participant).put("authorization", p.path("authorization").asText());
                case "ParticipationApprovalRequested" -> person(people, participant).put("authorization",
                        "drafted".equals(p.path("label").asText()) ? "drafted" : "awaiting-approval");
                case "ApprovalDeferred" -> person(people, participant).put("deferred", true);
                case "CoordinationOpened" -> status = "open";
                case "WindowsSubmitted" -> person(people, participant).put("submitted", true);
                // by the proposal's number, never its time; null for an acceptance from before proposals were numbered
                case "SlotAccepted" -> person(people, participant).set("accepted", p.path("proposal").asInt() > 0
                        ? p.get("proposal") : state.nullNode());
                case "CoordinationResolved" -> {
                    status = "resolved";
                    state.set("outcome", p.path("slot"));
                }
                case "CoordinationExpired" -> status = "expired";
                case "CoordinationAborted" -> status = "aborted";
                default -> { }
            }
        }
        if (status == null) {
            throw Problems.notFound("Not yet", "room '" + room + "' did not exist at " + instant);
        }
        state.put("room", room).put("asOf", instant.toString()).put("status", status);
        state.set("participants", people);
        return state;
    }

    private List<JsonNode> eventsUpTo(String aggregate, Instant instant) {
        return jdbc.query("""
                        select type, payload::text as payload from event_history
                        where aggregate_id = ? and occurred_at <= ? order by sequence""",
                (rs, row) -> {
                    ObjectNode event = EnclaveJson.mapper().createObjectNode().put("type", rs.getString("type"));
                    try {
                        event.set("payload", EnclaveJson.mapper().readTree(rs.getString("payload")));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("event_history holds JSON", e);
                    }
                    return event;
                }, aggregate, Timestamp.from(instant));
    }

    private static ObjectNode person(ObjectNode people, String user) {
        return people.has(user) ? (ObjectNode) people.get(user) : people.putObject(user);
    }

    private static Instant instant(String at) {
        if (at == null || at.isBlank()) {
            throw Problems.badRequest("Instant required", "at is required: an ISO-8601 instant such as 2026-11-23T10:00:00Z");
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw Problems.badRequest("Malformed at", "at must be an ISO-8601 instant such as 2026-11-23T10:00:00Z, not '"
                    + at + "'");
        }
    }
}
