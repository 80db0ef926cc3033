package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit history of an enclave ({@code /api/enclaves/{name}/history}) or a room ({@code /api/rooms/{id}/history}):
 * every event in order with its metadata, filtered by time range ({@code from}, {@code to}), {@code actor} and event
 * {@code type}; pages of {@code limit} events with an {@code after} cursor, or everything as NDJSON with
 * {@code Accept: application/x-ndjson}. Only someone who may view the enclave — or a participant of the room —
 * sees it; anyone else gets the same 404 as for one that does not exist. The events of a tentacle the reader may not
 * view are not in what they see. A room's event that disclosed something carries {@code disclosed}: what, by whom, to
 * whom, how and until when ({@link RoomDisclosures}).
 */
@RestController
class HistoryController {

    static final String NDJSON = "application/x-ndjson";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final JdbcTemplate jdbc;
    private final HistoryAccess access;
    private final RoomDisclosures disclosures;
    private final ObjectMapper json = EnclaveJson.mapper();

    HistoryController(JdbcTemplate jdbc, HistoryAccess access, RoomDisclosures disclosures) {
        this.jdbc = jdbc;
        this.access = access;
        this.disclosures = disclosures;
    }

    record Filter(Instant from, Instant to, String actor, String type, long after, int limit) {
    }

    /** The request parameters both histories take, bound by name; parsed into a {@link Filter} with clear errors. */
    record HistoryQuery(String from, String to, String actor, String type, String after, String limit) {

        Filter filter() {
            return HistoryController.filter(from, to, actor, type, after, limit);
        }
    }

    @GetMapping("/api/enclaves/{name}/history")
    ResponseEntity<?> enclaveHistory(@PathVariable String name, @AuthenticationPrincipal UserId who, HistoryQuery query,
                                     @RequestHeader(name = "Accept", required = false) String accept) {
        Filter filter = query.filter();
        if (!access.mayReadEnclave(name, who)) {
            throw Problems.notFound("Enclave not found", "no enclave named '" + name + "'");
        }
        return answer(name, filter, access.hiddenTentacles(name, who), Map.of(), accept);
    }

    @GetMapping("/api/rooms/{room}/history")
    ResponseEntity<?> roomHistory(@PathVariable String room, @AuthenticationPrincipal UserId who, HistoryQuery query,
                                  @RequestHeader(name = "Accept", required = false) String accept) {
        Filter filter = query.filter();
        if (!access.mayReadRoom(room, who)) {
            throw Problems.notFound("Room not found", "no room '" + room + "' with you in it");
        }
        return answer(room, filter, Set.of(), disclosures.of(room), accept);
    }

    /**
     * @param hidden    tentacles whose events the reader may not see
     * @param disclosed a room's disclosure ledger: each event that disclosed something says what, to whom
     */
    private ResponseEntity<?> answer(String aggregateId, Filter filter, Set<String> hidden,
                                     Map<Long, RoomDisclosures.Disclosure> disclosed, String accept) {
        if (accept != null && accept.contains(NDJSON)) {
            StringBuilder lines = new StringBuilder();
            for (JsonNode event : events(aggregateId, filter, hidden, Integer.MAX_VALUE)) {
                lines.append(withDisclosure(event, disclosed)).append('\n');
            }
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(lines.toString());
        }
        List<JsonNode> page = events(aggregateId, filter, hidden, filter.limit() + 1).stream()
                .map(event -> withDisclosure(event, disclosed)).toList();
        ObjectNode body = json.createObjectNode();
        body.putArray("items").addAll(page.subList(0, Math.min(page.size(), filter.limit())));
        if (page.size() > filter.limit()) {
            body.put("next", Long.toString(page.get(filter.limit() - 1).path("sequence").asLong()));
        }
        return ResponseEntity.ok(body);
    }

    private JsonNode withDisclosure(JsonNode event, Map<Long, RoomDisclosures.Disclosure> disclosed) {
        RoomDisclosures.Disclosure disclosure = disclosed.get(event.path("sequence").asLong());
        if (disclosure != null) {
            ((ObjectNode) event).set("disclosed", disclosures.disclosed(disclosure));
        }
        return event;
    }

    // Hidden tentacles are left out in the query, so pages stay full and the cursor stays right.
    private List<JsonNode> events(String aggregateId, Filter filter, Set<String> hidden, int limit) {
        String[] names = hidden.toArray(String[]::new);
        return jdbc.query("""
                        select sequence, type, occurred_at, actor, channel_id, via, trace_id, correlation_id,
                               payload::text as payload, metadata::text as metadata
                        from event_history
                        where aggregate_id = ? and sequence > ?
                          and (cast(? as timestamptz) is null or occurred_at >= cast(? as timestamptz))
                          and (cast(? as timestamptz) is null or occurred_at < cast(? as timestamptz))
                          and (cast(? as text) is null or actor = cast(? as text))
                          and (cast(? as text) is null or type = cast(? as text))
                          and coalesce(payload ->> 'tentacle', '') <> all (cast(? as text[]))
                          and coalesce(payload ->> 'grantee', '') <> all (cast(? as text[]))
                        order by sequence limit ?""",
                HistoryController::row, aggregateId, filter.after(), ts(filter.from()), ts(filter.from()), ts(filter.to()),
                ts(filter.to()), filter.actor(), filter.actor(), filter.type(), filter.type(), names, names, limit);
    }

    static JsonNode row(ResultSet rs, int row) throws SQLException {
        ObjectMapper json = EnclaveJson.mapper();
        ObjectNode event = json.createObjectNode();
        event.put("sequence", rs.getLong("sequence"));
        event.put("type", rs.getString("type"));
        event.put("at", rs.getTimestamp("occurred_at").toInstant().toString());
        event.put("actor", rs.getString("actor"));
        event.put("channelId", rs.getString("channel_id"));
        event.put("via", rs.getString("via"));
        event.put("traceId", rs.getString("trace_id"));
        event.put("correlationId", rs.getString("correlation_id"));
        try {
            event.set("payload", json.readTree(rs.getString("payload")));
            event.set("metadata", json.readTree(rs.getString("metadata")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event_history holds JSON", e);
        }
        return event;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Filter filter(String from, String to, String actor, String type, String after, String limit) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw Problems.badRequest("Empty time range", "from (" + start + ") must be before to (" + end + ")");
        }
        long cursor = number("after", after, 0, Long.MAX_VALUE, -1);
        int size = (int) number("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
        return new Filter(start, end, blankToNull(actor), blankToNull(type), cursor, size);
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Problems.badRequest("Malformed " + name, name + " must be an ISO-8601 instant such as "
                    + "2026-11-23T10:00:00Z, not '" + text + "'");
        }
    }

    private static long number(String name, String text, long min, long max, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw Problems.badRequest("Malformed " + name, name + " must be a whole number from " + min + " to "
                    + max + ", not '" + text + "'");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
