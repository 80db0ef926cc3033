package io.enclavesuite.slack.readside;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The read side's answers in Slack's words (mrkdwn), short enough for an ephemeral message. */
public final class ReadAnswers {

    private static final int MAX_LINES = 40;

    private ReadAnswers() {
    }

    public static String info(JsonNode enclave) {
        List<String> lines = new ArrayList<>();
        lines.add("*" + enclave.path("name").asText() + "* · " + enclave.path("status").asText().toLowerCase()
                + " · mode `" + enclave.path("mode").asText() + "` · quota " + enclave.path("quota").asText());
        lines.add("Owner <@" + enclave.path("owner").asText() + ">, " + enclave.path("members").size()
                + " member(s), " + enclave.path("tentacleCount").asInt() + " tentacle(s), namespace `"
                + enclave.path("namespace").asText() + "`");
        if (!enclave.path("frozenFor").isEmpty()) {
            List<String> reasons = new ArrayList<>();
            enclave.path("frozenFor").forEach(reason -> reasons.add(reason.asText()));
            lines.add("Frozen: " + String.join(", ", reasons));
        }
        if (enclave.hasNonNull("failureReason")) {
            lines.add("Provisioning failed: " + enclave.path("failureReason").asText());
        }
        JsonNode services = enclave.path("services");
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            String state = service.getValue().path("state").asText();
            String detail = service.getValue().path("detail").asText("");
            lines.add("• " + service.getKey() + ": " + state + (detail.isBlank() ? "" : " (" + detail + ")"));
        }
        return join(lines);
    }

    public static String members(JsonNode enclave) {
        List<String> lines = new ArrayList<>();
        lines.add("Owner: <@" + enclave.path("owner").asText() + ">");
        List<String> members = new ArrayList<>();
        enclave.path("members").forEach(m -> members.add("<@" + m.asText() + ">"));
        lines.add(members.isEmpty() ? "No members yet: people become members when they sign in after joining the channel."
                : "Members: " + String.join(", ", members));
        return join(lines);
    }

    public static String tentacles(String enclave, JsonNode tentacles) {
        List<String> lines = new ArrayList<>();
        JsonNode items = tentacles.isArray() ? tentacles : tentacles.path("items");
        if (items.isEmpty()) {
            return "No tentacles in *" + enclave + "* yet.";
        }
        lines.add("Tentacles of *" + enclave + "*:");
        items.forEach(t -> lines.add("• *" + t.path("name").asText() + "* `" + t.path("image").asText() + "`"
                + (t.hasNonNull("schedule") ? " on `" + t.path("schedule").asText() + "`" : "")
                + " · mode `" + t.path("mode").asText() + "` · owner <@" + t.path("owner").asText() + ">"
                + " · " + t.path("runs").asInt() + " run(s)"
                + (t.hasNonNull("workloadFailure") ? " · :warning: " + t.path("workloadFailure").asText() : "")));
        return join(lines);
    }

    public static String rooms(JsonNode rooms) {
        JsonNode items = rooms.isArray() ? rooms : rooms.path("items");
        if (items.isEmpty()) {
            return "You take part in no meeting syncs.";
        }
        List<String> lines = new ArrayList<>();
        lines.add("Your meeting syncs:");
        items.forEach(r -> lines.add("• \"" + r.path("purpose").asText() + "\" · " + r.path("status").asText().toLowerCase()
                + " · `" + r.path("room").asText(r.path("coordinationId").asText()) + "`"));
        return join(lines);
    }

    /** A person's agent policy as {@code /meet policy} shows it. */
    public static String policy(JsonNode policy) {
        List<String> lines = new ArrayList<>();
        String level = policy.path("level").asText();
        String effective = policy.path("effectiveLevel").asText(level);
        lines.add("*Your agent policy*");
        lines.add("Level: `" + level + "`" + (effective.equals(level) ? ""
                : " — acting at `" + effective + "` until " + policy.path("weeklyBudget").path("resetsAt").asText()
                        + ", the weekly budget being spent"));
        JsonNode weekly = policy.path("weeklyBudget");
        JsonNode budget = weekly.path("budget");
        lines.add(budget.isMissingNode() || budget.isNull() ? "Weekly budget: none (no limit)"
                : "Weekly budget: " + budget.path("amount").asInt() + " " + budget.path("unit").asText()
                        + " · spent this week: " + weekly.path("meetingsThisWeek").asInt() + " meeting(s), "
                        + weekly.path("minutesThisWeek").asLong() + " min");
        lines.add("Invitations per sender and hour: " + (policy.path("inboundPerHour").isNull()
                || policy.path("inboundPerHour").isMissingNode() ? "the suite's default"
                : policy.path("inboundPerHour").asInt()));
        List<String> trusted = new ArrayList<>();
        policy.path("trusted").forEach(t -> trusted.add("<@" + t.path("person").asText() + ">"));
        lines.add("Trusted: " + (trusted.isEmpty() ? "nobody" : String.join(", ", trusted)));
        if (policy.path("rules").isEmpty()) {
            lines.add("Rules: none");
        } else {
            lines.add("Rules:");
            policy.path("rules").forEach(r -> lines.add("• `" + r.path("ruleId").asText() + "` "
                    + r.path("kind").asText() + (r.hasNonNull("purposeContains")
                    ? " \"" + r.path("purposeContains").asText() + "\"" : "")
                    + (r.path("people").isEmpty() ? "" : " " + people(r.path("people")))));
        }
        return join(lines);
    }

    private static String people(JsonNode ids) {
        List<String> people = new ArrayList<>();
        ids.forEach(p -> people.add("<@" + p.asText() + ">"));
        return String.join(", ", people);
    }

    public static String why(JsonNode why) {
        List<String> lines = new ArrayList<>();
        JsonNode item = why.path("item");
        JsonNode origin = why.path("origin");
        lines.add("*Why " + item.path("type").asText() + "* (" + item.path("aggregate").asText() + " #"
                + item.path("sequence").asText() + ")");
        lines.add("Started by " + who(origin) + " with " + origin.path("type").asText() + " at " + origin.path("at").asText()
                + (origin.hasNonNull("channelId") && !origin.path("channelId").asText().isBlank()
                    ? " in <#" + origin.path("channelId").asText() + ">" : "")
                + " via " + origin.path("via").asText("?"));
        why.path("policy").forEach(p -> lines.add("• " + p.asText()));
        List<String> chain = new ArrayList<>();
        why.path("chain").forEach(e -> chain.add(e.path("type").asText()));
        lines.add("Chain: " + String.join(" → ", chain));
        List<String> people = new ArrayList<>();
        why.path("people").forEach(p -> people.add("<@" + p.asText() + ">"));
        if (!people.isEmpty()) {
            lines.add("People: " + String.join(", ", people));
        }
        List<String> transitions = new ArrayList<>();
        why.path("transitions").forEach(t -> transitions.add(t.path("type").asText() + " " + t.path("at").asText()));
        if (!transitions.isEmpty()) {
            lines.add("States: " + String.join(" · ", transitions));
        }
        return join(lines);
    }

    private static String who(JsonNode origin) {
        String actor = origin.path("actor").asText("");
        return actor.matches("[UW][A-Z0-9]{2,30}") ? "<@" + actor + ">" : actor.isBlank() ? "the system" : "`" + actor + "`";
    }

    private static String join(List<String> lines) {
        if (lines.size() > MAX_LINES) {
            int more = lines.size() - MAX_LINES;
            lines = new ArrayList<>(lines.subList(0, MAX_LINES));
            lines.add("… and " + more + " more");
        }
        return String.join("\n", lines);
    }
}
