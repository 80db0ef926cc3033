package io.enclavesuite.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/policy}: the reader's own agent policy — level, weekly budget and what is spent of it this week,
 * trusted identities, inbound rate limit and rules — folded from their policy's events in the history, the same
 * events coordination-service decides from. Only the person reads their own; there is no way to name another.
 */
@RestController
class PolicyController {

    /** The events that set the policy or tell its budget; the invitations it evaluated are left to the history. */
    private static final String EVENTS = """
            select type, payload::text as payload from event_history
            where aggregate_id = ? and kind = 'policy'
              and type in ('AutonomyLevelSet', 'AutonomyBudgetSet', 'IdentityTrusted', 'IdentityUntrusted',
                           'InboundRateLimitSet', 'AutonomyRuleAdded', 'AutonomyRuleRemoved', 'AutonomyBudgetSpent',
                           'AutonomyBudgetExhausted', 'AutonomyBudgetReset')
            order by sequence""";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();

    @Autowired
    PolicyController(JdbcTemplate jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    PolicyController(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @GetMapping("/api/policy")
    JsonNode policy(@AuthenticationPrincipal UserId who) {
        String level = AutonomyLevel.DEFAULT.label();
        JsonNode budget = null;
        JsonNode perHour = null;
        Map<String, JsonNode> trusted = new LinkedHashMap<>();
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        JsonNode spent = null;
        JsonNode exhausted = null;
        for (Map<String, Object> row : jdbc.queryForList(EVENTS, who.value())) {
            JsonNode p = read((String) row.get("payload"));
            switch ((String) row.get("type")) {
                case "AutonomyLevelSet" -> level = p.path("level").asText();
                case "AutonomyBudgetSet" -> budget = p.path("budget").isNull() ? null : p.path("budget");
                case "InboundRateLimitSet" -> perHour = p.path("perHour").isNull() ? null : p.path("perHour");
                case "IdentityTrusted" -> trusted.put(p.path("identity").path("person").asText(), p.path("identity"));
                case "IdentityUntrusted" -> untrust(trusted, p);
                case "AutonomyRuleAdded" -> rules.put(p.path("rule").path("ruleId").asText(), p.path("rule"));
                case "AutonomyRuleRemoved" -> rules.remove(p.path("ruleId").asText());
                case "AutonomyBudgetSpent" -> spent = p;
                case "AutonomyBudgetExhausted" -> exhausted = p;
                case "AutonomyBudgetReset" -> exhausted = null;
                default -> { }
            }
        }
        ObjectNode view = json.createObjectNode();
        view.put("owner", who.value());
        view.put("level", level);
        Instant now = clock.instant();
        Instant week = WeeklyBudget.weekStart(now);
        boolean spentUp = exhausted != null && Instant.parse(exhausted.path("resetsAt").asText()).isAfter(now);
        // a spent budget drops the agent to draft-only until the week turns, whatever level is set
        view.put("effectiveLevel", spentUp && !"none".equals(level) ? AutonomyLevel.DRAFT_ONLY.label() : level);
        ObjectNode weekly = view.putObject("weeklyBudget");
        weekly.set("budget", budget);
        weekly.put("weekStart", week.toString());
        boolean thisWeek = spent != null && Instant.parse(spent.path("weekStart").asText()).equals(week);
        weekly.put("meetingsThisWeek", thisWeek ? spent.path("meetingsThisWeek").asInt() : 0);
        weekly.put("minutesThisWeek", thisWeek ? spent.path("minutesThisWeek").asLong() : 0);
        weekly.put("exhausted", spentUp);
        if (spentUp) {
            weekly.put("resetsAt", exhausted.path("resetsAt").asText());
        }
        // null: the suite's default limit applies
        view.set("inboundPerHour", perHour);
        view.putArray("trusted").addAll(trusted.values());
        ArrayNode ruleList = view.putArray("rules");
        ruleList.addAll(rules.values());
        return view;
    }

    private static void untrust(Map<String, JsonNode> trusted, JsonNode event) {
        String person = event.path("person").asText();
        JsonNode identity = trusted.get(person);
        if (identity == null) {
            return;
        }
        ArrayNode left = identity.deepCopy().withArray("intents");
        ArrayNode remaining = left.arrayNode();
        left.forEach(intent -> {
            boolean removed = false;
            for (JsonNode gone : event.path("intents")) {
                removed |= gone.asText().equals(intent.asText());
            }
            if (!removed) {
                remaining.add(intent);
            }
        });
        if (remaining.isEmpty()) {
            trusted.remove(person);
        } else {
            ObjectNode kept = identity.deepCopy();
            kept.set("intents", remaining);
            trusted.put(person, kept);
        }
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("a policy event in the history does not read as JSON", e);
        }
    }
}
