package io.enclavesuite.console.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.web.Pages;
import io.enclavesuite.console.why.EventWords;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Activity feed, from the read API's {@code /api/feed/activity}: what the person did and what their agent did or
 * had done for them, newest first, each with the decision in words where there is one and a "Why?" link. A malformed
 * {@code limit} is the read API's to refuse, with its reason.
 */
@Controller
class ActivityPage {

    /** The read API's default page, and its largest. */
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final ReadApi api;

    ActivityPage(ReadApi api) {
        this.api = api;
    }

    @GetMapping("/activity")
    String activity(@RequestParam(defaultValue = "") String limit, Authentication authentication, Model model) {
        JsonNode feed = api.get(Pages.person(authentication), "/api/feed/activity", Map.of("limit", limit));
        List<Item> items = new ArrayList<>(feed.size());
        feed.forEach(event -> items.add(Item.of(event)));
        model.addAttribute("items", items);
        // the read API took the limit, so it is a number from 1 to MAX_LIMIT
        int asked = limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.strip());
        if (items.size() >= asked && asked < MAX_LIMIT) {
            model.addAttribute("more", Math.min(asked * 2, MAX_LIMIT));
        }
        return "activity";
    }

    /**
     * One entry of the feed.
     *
     * @param who          who acted and how, in words
     * @param note         the decision in words, or null
     * @param whyAggregate this event's "Why?" coordinates: its enclave or room, and its sequence there
     */
    public record Item(String type, String at, String who, EventWords.Link aggregate, String note,
                       String whyAggregate, long whySequence) {

        static Item of(JsonNode event) {
            JsonNode why = event.path("why");
            return new Item(EventWords.type(text(event, "type")), text(event, "at"),
                    EventWords.who(text(event, "actor"), text(event, "via")),
                    EventWords.link(event.path("aggregate").asText()),
                    text(event, "note"), why.path("aggregate").asText(), why.path("sequence").asLong());
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.path(field);
            return value.isNull() || value.isMissingNode() ? null : value.asText();
        }
    }
}
