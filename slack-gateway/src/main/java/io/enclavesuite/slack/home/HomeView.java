package io.enclavesuite.slack.home;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.coordination.FeedBucket;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.enclavesuite.slack.notify.Notices;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.view.Views.view;

/**
 * A person's App Home tab, from what the read side answered on their behalf: the Coordination feed in the peer's
 * buckets with each room's trust label and the badge, their enclaves, and their receipts. A part the read side did
 * not answer says so; the rest still shows.
 */
public final class HomeView {

    /** What the read side said for one part: {@code json} null when it could not answer. */
    public record Answer(JsonNode json) {
        static final Answer UNAVAILABLE = new Answer(null);

        boolean available() {
            return json != null;
        }
    }

    static final String UNAVAILABLE = ":warning: The suite cannot be asked just now; this shows again when it answers.";
    /** Slack takes at most 100 blocks in a Home tab: each list is cut short well before. */
    private static final int MAX_PER_LIST = 10;
    private static final String LABEL_AWAITING_APPROVAL = "awaiting approval";
    private static final String LABEL_DRAFTED = "drafted";

    private HomeView() {
    }

    public static View of(Answer feed, Answer enclaves, Answer receipts, Instant now, URI receiptsLink) {
        List<LayoutBlock> blocks = new ArrayList<>();
        coordination(feed, now, blocks);
        blocks.add(divider());
        enclaves(enclaves, blocks);
        blocks.add(divider());
        receipts(receipts, receiptsLink, blocks);
        return view(v -> v.type("home").blocks(blocks));
    }

    static FeedBucket bucketOf(JsonNode item, Instant now) {
        Instant updated;
        try {
            updated = Instant.parse(item.path("updatedAt").asText());
        } catch (DateTimeParseException e) {
            updated = null;
        }
        return FeedBucket.of(item.path("needsAttention").asBoolean(), updated, now);
    }

    private static void coordination(Answer feed, Instant now, List<LayoutBlock> blocks) {
        blocks.add(header(h -> h.text(plainText("Coordination"))));
        if (!feed.available()) {
            blocks.add(text(UNAVAILABLE));
            return;
        }
        int badge = feed.json().path("badge").asInt();
        blocks.add(text(badge == 0 ? "Nothing needs you right now."
                : ":large_orange_circle: *" + badge + "* need" + (badge == 1 ? "s" : "") + " your attention"));
        Map<FeedBucket, List<JsonNode>> buckets = new EnumMap<>(FeedBucket.class);
        feed.json().path("items").forEach(item -> buckets.computeIfAbsent(bucketOf(item, now), b -> new ArrayList<>())
                .add(item));
        if (buckets.isEmpty()) {
            blocks.add(text("You take part in no meeting syncs."));
            return;
        }
        buckets.forEach((bucket, items) -> {
            blocks.add(text("*" + bucket.title() + "*"));
            items.stream().limit(MAX_PER_LIST).forEach(item -> item(item, blocks));
            more(items.size(), blocks);
        });
    }

    private static void item(JsonNode item, List<LayoutBlock> blocks) {
        String room = item.path("room").asText();
        String label = item.path("label").asText();
        String line = "• \"" + item.path("purpose").asText() + "\" from <@" + item.path("initiator").asText() + "> · _"
                + label + "_" + (item.hasNonNull("ruleId") ? " (rule `" + item.path("ruleId").asText() + "`)" : "")
                + (item.hasNonNull("attention") ? " — " + item.path("attention").asText() : "");
        blocks.add(text(line));
        if (LABEL_AWAITING_APPROVAL.equals(label) || LABEL_DRAFTED.equals(label)) {
            // a deferred request is still answered here; it is not deferred twice
            List<com.slack.api.model.block.element.BlockElement> answers = new ArrayList<>(List.of(
                    button(b -> b.actionId(Notices.APPROVE).style("primary").text(plainText("Approve")).value(room)),
                    button(b -> b.actionId(Notices.DECLINE).text(plainText("Decline")).value(room))));
            if (!item.path("deferred").asBoolean()) {
                answers.add(button(b -> b.actionId(Notices.DEFER).text(plainText("Defer")).value(room)));
            }
            blocks.add(actions(a -> a.elements(answers)));
        }
    }

    private static void enclaves(Answer enclaves, List<LayoutBlock> blocks) {
        blocks.add(header(h -> h.text(plainText("Your enclaves"))));
        if (!enclaves.available()) {
            blocks.add(text(UNAVAILABLE));
            return;
        }
        JsonNode list = items(enclaves.json());
        if (list.isEmpty()) {
            blocks.add(text("No enclaves you may see. `/enclave provision` in a team channel creates one."));
            return;
        }
        List<String> lines = new ArrayList<>();
        list.forEach(e -> lines.add("• *" + e.path("name").asText() + "* · " + e.path("status").asText().toLowerCase()
                + " · mode `" + e.path("mode").asText() + "` · owner <@" + e.path("owner").asText() + ">"
                + (e.path("channel").hasNonNull("id") ? " · <#" + e.path("channel").path("id").asText() + ">" : "")
                + (e.path("frozenFor").isEmpty() ? "" : " · frozen (" + frozenFor(e.path("frozenFor")) + ")")));
        list(lines, blocks);
    }

    private static void receipts(Answer receipts, URI link, List<LayoutBlock> blocks) {
        blocks.add(header(h -> h.text(plainText("Your receipts"))));
        if (!receipts.available()) {
            blocks.add(text(UNAVAILABLE));
            return;
        }
        JsonNode list = items(receipts.json());
        if (list.isEmpty()) {
            blocks.add(text("No receipts yet: each resolved meeting sync gives its participants one."));
            return;
        }
        List<String> lines = new ArrayList<>();
        list.forEach(r -> lines.add("• " + (r.path("purpose").asText("").isBlank() ? "`" + r.path("enclaveId").asText()
                + "`" : "\"" + r.path("purpose").asText() + "\"") + " (" + r.path("enclaveKind").asText() + ") · issued "
                + r.path("issuedAt").asText() + " · <" + link + "#" + r.path("enclaveId").asText() + "|receipt "
                + r.path("receiptId").asText() + ">"));
        list(lines, blocks);
    }

    private static void list(List<String> lines, List<LayoutBlock> blocks) {
        lines.stream().limit(MAX_PER_LIST).forEach(line -> blocks.add(text(line)));
        more(lines.size(), blocks);
    }

    private static void more(int size, List<LayoutBlock> blocks) {
        if (size > MAX_PER_LIST) {
            blocks.add(text("… and " + (size - MAX_PER_LIST) + " more"));
        }
    }

    private static JsonNode items(JsonNode answer) {
        return answer.isArray() ? answer : answer.path("items");
    }

    private static LayoutBlock text(String mrkdwn) {
        String trimmed = mrkdwn.length() <= 2900 ? mrkdwn : mrkdwn.substring(0, 2900) + "…";
        return section(s -> s.text(markdownText(trimmed)));
    }

    private static String frozenFor(JsonNode reasons) {
        List<String> labels = new ArrayList<>();
        reasons.forEach(r -> labels.add(r.asText()));
        return String.join(", ", labels);
    }
}
