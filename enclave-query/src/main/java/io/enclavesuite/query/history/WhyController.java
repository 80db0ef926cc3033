package io.enclavesuite.query.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.apiauth.Problems;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/why?aggregate=…&sequence=N}: why one event of an enclave or room happened.
 * <ul>
 *   <li>{@code origin} and {@code chain}: every event that shares its trace id (Axon's {@code traceId}: the message
 *       that started the chain) — everything one human command (or Slack event, or Kafka producer) set off, sagas
 *       included — earliest first, of the enclaves and rooms the reader may read; the origin names who, from which
 *       channel, by which way;</li>
 *   <li>{@code policy}: the decisions in that chain in words — which rule auto-executed a join, why someone was asked,
 *       who declined or withdrew, why an enclave froze;</li>
 *   <li>{@code people}, {@code transitions} (the aggregate's state changes with their times) and {@code related}
 *       (other enclaves or rooms the same command touched);</li>
 *   <li>{@code disclosed}, for a room's event that disclosed something: what, by whom, to whom, how and until when
 *       ({@link RoomDisclosures}).</li>
 * </ul>
 * Whoever may not read the aggregate's history, or the event (one of a tentacle hidden from them), gets 404, as for an
 * event that does not exist.
 */
@RestController
class WhyController {

    /** A posture finding's change: a RoleBinding the suite did not make (enclave-command's EnclavePosture). */
    private static final String POSTURE = "posture: ";

    private static final Set<String> TRANSITIONS = Set.of("EnclaveProvisioningStarted", "EnclaveActivated",
            "EnclaveProvisioningFailed", "EnclaveFrozen", "FreezeReasonLifted", "EnclaveUnfrozen",
            "EnclaveDeprovisioningStarted",
            "EnclaveDeprovisioned", "CoordinationCreated", "CoordinationOpened", "CoordinationResolved",
            "CoordinationExpired", "CoordinationAborted", "CoordinationDataShredded", "ReceiptIssued");
    private static final String COLUMNS = """
            aggregate_id, sequence, type, occurred_at, actor, channel_id, via, trace_id, correlation_id,
            payload::text as payload, metadata::text as metadata""";

    private final JdbcTemplate jdbc;
    private final HistoryAccess access;
    private final RoomDisclosures disclosures;

    WhyController(JdbcTemplate jdbc, HistoryAccess access, RoomDisclosures disclosures) {
        this.jdbc = jdbc;
        this.access = access;
        this.disclosures = disclosures;
    }

    @GetMapping("/api/why")
    JsonNode why(@AuthenticationPrincipal UserId who, @RequestParam(required = false) String aggregate,
                 @RequestParam(required = false) Long sequence) {
        if (aggregate == null || aggregate.isBlank() || sequence == null) {
            throw Problems.badRequest("Item required", "aggregate (an enclave name or room id) and sequence "
                    + "(the event's position in it) name the item to explain");
        }
        List<JsonNode> found = jdbc.query("select " + COLUMNS + " from event_history where aggregate_id = ? and sequence = ?",
                WhyController::event, aggregate, sequence);
        HistoryAccess.Reader reader = access.of(who);
        if (found.isEmpty() || !reader.mayRead(aggregate, found.get(0).path("payload"))) {
            throw Problems.notFound("Nothing to explain", "no event " + sequence + " of '" + aggregate + "' to show you");
        }
        JsonNode item = found.get(0);
        // Axon's traceId is the message that started the whole chain; correlationId only the immediate cause.
        String trace = item.path("traceId").asText(null);
        // A trace can reach into enclaves and rooms the reader may not read (one sign-in registers someone in every
        // enclave of their channels), or tentacles hidden from them: those events stay out of the chain, and with them
        // their people and aggregates.
        List<JsonNode> chain = trace == null ? List.of(item) : jdbc.query("select " + COLUMNS
                                + " from event_history where trace_id = ? order by occurred_at, aggregate_id, sequence",
                        WhyController::event, trace).stream()
                .filter(event -> reader.mayRead(event.path("aggregate").asText(), event.path("payload")))
                .toList();

        ObjectNode why = EnclaveJson.mapper().createObjectNode();
        why.set("item", item);
        disclosures.of(aggregate, sequence)
                .ifPresent(disclosure -> why.set("disclosed", disclosures.disclosed(disclosure)));
        JsonNode first = chain.get(0);
        ObjectNode origin = why.putObject("origin");
        for (String field : List.of("aggregate", "sequence", "type", "at", "actor", "channelId", "via")) {
            origin.set(field, first.path(field));
        }
        why.putArray("chain").addAll(chain);
        ArrayNode policy = why.putArray("policy");
        Set<String> people = new LinkedHashSet<>();
        Set<String> related = new LinkedHashSet<>();
        for (JsonNode event : chain) {
            note(event).ifPresent(policy::add);
            String actor = event.path("actor").asText("");
            if (UserId.ifUser(actor).isPresent()) {
                people.add(actor);
            }
            if (!event.path("aggregate").asText().equals(aggregate)) {
                related.add(event.path("aggregate").asText());
            }
        }
        why.putArray("people").addAll(people.stream().map(why::textNode).toList());
        why.putArray("related").addAll(related.stream().map(why::textNode).toList());
        ArrayNode transitions = why.putArray("transitions");
        jdbc.query("select type, occurred_at from event_history where aggregate_id = ? order by sequence", rs -> {
            if (TRANSITIONS.contains(rs.getString("type"))) {
                transitions.addObject().put("type", rs.getString("type"))
                        .put("at", rs.getTimestamp("occurred_at").toInstant().toString());
            }
        }, aggregate);
        return why;
    }

    /** A policy decision, or a check that stopped something, in words. */
    static java.util.Optional<String> note(JsonNode event) {
        JsonNode p = event.path("payload");
        String participant = p.path("participant").asText();
        return java.util.Optional.ofNullable(switch (event.path("type").asText()) {
            case "ParticipationAuthorized" -> switch (p.path("authorization").asText()) {
                case "auto-executed" -> "initiator".equals(p.path("ruleId").asText())
                        ? participant + " started the room"
                        : participant + "'s agent joined automatically under their rule '" + p.path("ruleId").asText() + "'";
                default -> participant + " approved joining";
            };
            case "ParticipationApprovalRequested" -> "drafted".equals(p.path("label").asText())
                    ? participant + "'s agent drafted joining under '" + p.path("ruleId").asText() + "' for them to "
                            + "approve" + (p.hasNonNull("approveBy") ? " by " + p.path("approveBy").asText() : "")
                            + ": " + p.path("reason").asText()
                    : participant + " was asked before their agent joins: " + p.path("reason").asText();
            case "ApprovalDeferred" -> participant + " deferred answering: the request stays, out of Needs attention";
            case "CoordinationAborted" -> "policy-refused".equals(p.path("reason").asText())
                    ? "the room was aborted: the agent policy of " + p.path("by").asText() + " refused it under '"
                            + p.path("detail").asText() + "'"
                            + (p.hasNonNull("explanation") ? ": " + p.path("explanation").asText() : "")
                    : "the room was aborted: " + p.path("by").asText() + " "
                            + ("declined".equals(p.path("reason").asText()) ? "declined" : "withdrew")
                            + (p.hasNonNull("detail") ? " (" + p.path("detail").asText() + ")" : "");
            case "InvitationRateLimited" -> "an invitation from " + p.path("sender").asText() + " was over "
                    + p.path("owner").asText() + "'s inbound limit of " + p.path("perHour").asText() + " an hour; "
                    + "they may invite again from " + p.path("retryAfter").asText();
            case "AutonomyBudgetExhausted" -> p.path("owner").asText() + "'s weekly budget is spent: their agent only "
                    + "drafts until " + p.path("resetsAt").asText();
            case "AutonomyBudgetReset" -> "a new week: " + p.path("owner").asText() + "'s weekly budget is whole again";
            case "CoordinationExpired" -> "the room's time limit passed before a time was agreed";
            case "EnclaveFrozen" -> "channel-archived".equals(p.path("reason").asText())
                    ? "the enclave froze because its Slack channel was archived"
                    : "the enclave was frozen at its owner's level by " + event.path("actor").asText();
            case "FreezeReasonLifted" -> ("channel-archived".equals(p.path("reason").asText())
                    ? "its Slack channel was unarchived"
                    : "its owner's freeze was lifted by " + event.path("actor").asText())
                    + ", but the enclave stays frozen: " + stillFrozen(p.path("stillFrozenFor"));
            case "EnclaveUnfrozen" -> "the enclave was unfrozen (" + p.path("reason").asText() + ")";
            case "EnclaveProvisioningFailed" -> "provisioning failed: " + p.path("reason").asText();
            case "DriftRepaired" -> "unexpected".equals(p.path("change").asText())
                    ? "the reconciler removed " + drifted(p) + ": labelled as the enclave's but not in its history"
                    : "the reconciler put back " + drifted(p);
            case "DriftDetected" -> p.path("change").asText().startsWith(POSTURE)
                    ? "the reconciler's posture check found " + p.path("kind").asText() + " " + p.path("name").asText()
                    + ", added by " + (p.hasNonNull("changedBy") ? p.path("changedBy").asText()
                    : "someone the API server does not name") + ", which "
                    + p.path("change").asText().substring(POSTURE.length()) + "; " + p.path("refusal").asText()
                    : "the reconciler found " + drifted(p) + ", and could not put it back: the API server answered "
                    + p.path("refusal").asText();
            case "EnclaveAccessOverridden" -> "operator " + p.path("operator").asText() + " (through "
                    + p.path("principal").asText() + ") overrode the enclave's rules to " + p.path("command").asText()
                    + ", stating: \"" + p.path("reason").asText() + "\"; the rules said: " + p.path("lifted").asText();
            default -> null;
        });
    }

    /**
     * The object, what had become of it and who did it: {@code NetworkPolicy default-deny, deleted by someone the API
     * server does not name}, {@code ResourceQuota enclave-quota, changed by kubectl-edit: spec.hard.pods 99→20 (found →
     * restored)}. A deletion is never named: the API server keeps no trace of who deleted an object.
     */
    private static String drifted(JsonNode p) {
        String change = p.path("change").asText();
        String who = p.hasNonNull("changedBy") ? p.path("changedBy").asText()
                : "someone the API server does not name";
        String object = p.path("kind").asText() + " " + p.path("name").asText();
        if ("missing".equals(change)) {
            return object + ", deleted by " + who;
        }
        if ("unexpected".equals(change)) {
            return object + ", added by " + who;
        }
        if (change.startsWith("changed: ")) {
            return object + ", changed by " + who + ": " + change.substring("changed: ".length())
                    + " (found → restored)";
        }
        return object + " (" + change + "), by " + who;
    }

    private static String stillFrozen(JsonNode reasons) {
        List<String> why = new java.util.ArrayList<>();
        reasons.forEach(reason -> why.add("channel-archived".equals(reason.asText())
                ? "its Slack channel is still archived" : "its owner froze it too"));
        return String.join(" and ", why);
    }

    private static JsonNode event(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        ObjectNode event = (ObjectNode) HistoryController.row(rs, row);
        ObjectNode withAggregate = EnclaveJson.mapper().createObjectNode().put("aggregate", rs.getString("aggregate_id"));
        withAggregate.setAll(event);
        return withAggregate;
    }
}
