package io.enclavesuite.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/feed/activity[?limit=N]}: the Activity feed — what a person did, and what their agent did
 * or had done on their behalf (a join auto-executed under their rule, an approval asked of them, a membership, an
 * ownership), newest first, from the audit history. Only events of enclaves and rooms they may read (and of tentacles
 * they may view) appear; each carries its "Why?" coordinates and, where there is one, the decision in words.
 */
@RestController
class ActivityController {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;
    /**
     * A person's events in the feed's order, newest first: a page of {@code event_party_feed} (the people each event
     * concerns), then each event by its key — so a page costs the same whatever the size of the history. The lookup
     * per event ("offset 0" keeps it one) holds whatever the statistics say; without them the planner joined the
     * page to a scan of the whole history.
     */
    static final String EVENTS_OF = """
            select h.aggregate_id, h.sequence, h.type, h.occurred_at, h.actor, h.channel_id, h.via, h.trace_id,
                   h.correlation_id, h.payload::text as payload, h.metadata::text as metadata
            from (select aggregate_id, sequence, occurred_at from event_party where party = ?
                  order by occurred_at desc, aggregate_id, sequence desc limit ? offset ?) p
            cross join lateral (select * from event_history h
                                where h.aggregate_id = p.aggregate_id and h.sequence = p.sequence offset 0) h
            order by p.occurred_at desc, p.aggregate_id, p.sequence desc""";

    private final JdbcTemplate jdbc;
    private final HistoryAccess access;

    ActivityController(JdbcTemplate jdbc, HistoryAccess access) {
        this.jdbc = jdbc;
        this.access = access;
    }

    @GetMapping("/api/feed/activity")
    List<JsonNode> activity(@AuthenticationPrincipal UserId who, @RequestParam(required = false) Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw Problems.badRequest("Malformed limit", "limit must be from 1 to " + MAX_LIMIT + ", not " + size);
        }
        // The person's events come newest first in batches until the feed is full: events they may not read (an
        // enclave they left, a tentacle hidden from them) can be any number of the newest, and must not cut it short.
        List<JsonNode> feed = new ArrayList<>();
        HistoryAccess.Reader reader = access.of(who);
        int batch = size * 4;
        for (int offset = 0; feed.size() < size; offset += batch) {
            List<JsonNode> mine = eventsOf(who, batch, offset);
            for (JsonNode event : mine) {
                if (feed.size() == size) {
                    break;
                }
                if (reader.mayRead(event.path("aggregate").asText(), event.path("payload"))) {
                    ObjectNode item = (ObjectNode) event;
                    WhyController.note(event).ifPresent(note -> item.put("note", note));
                    item.putObject("why").put("aggregate", event.path("aggregate").asText())
                            .put("sequence", event.path("sequence").asLong());
                    feed.add(item);
                }
            }
            if (mine.size() < batch) {
                break;
            }
        }
        return feed;
    }

    private List<JsonNode> eventsOf(UserId who, int limit, int offset) {
        return jdbc.query(EVENTS_OF,
                (rs, row) -> {
                    ObjectNode event = (ObjectNode) HistoryController.row(rs, row);
                    event.put("aggregate", rs.getString("aggregate_id"));
                    return event;
                }, who.value(), limit, offset);
    }
}
