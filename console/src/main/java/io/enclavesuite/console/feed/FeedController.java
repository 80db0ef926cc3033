package io.enclavesuite.console.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.coordination.FeedBucket;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Coordination feed: the person's rooms in the peer's buckets — Needs attention · Now · Today · Earlier — with
 * their trust labels and the badge. {@code /feed/items} is the same list alone, which the page's script fetches again
 * whenever the live feed says a room changed.
 */
@Controller
class FeedController {

    private final ReadApi api;
    private final LiveFeedRelay live;
    private final Clock clock;

    FeedController(ReadApi api, LiveFeedRelay live, Clock clock) {
        this.api = api;
        this.live = live;
        this.clock = clock;
    }

    /** The live feed: an event named {@code feed} each time one of the person's rooms changes. */
    @GetMapping(path = "/feed/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Authentication authentication) {
        return live.subscribe(Pages.person(authentication));
    }

    @GetMapping("/")
    String home() {
        return "redirect:/feed";
    }

    @GetMapping("/feed")
    String feed(Authentication authentication, Model model) {
        fill(Pages.person(authentication), model);
        return "feed";
    }

    @GetMapping("/feed/items")
    String items(Authentication authentication, Model model) {
        fill(Pages.person(authentication), model);
        return "feed :: items";
    }

    private void fill(Person person, Model model) {
        JsonNode feed = api.get(person, "/api/feed/coordination");
        Instant now = clock.instant();
        Map<FeedBucket, List<Object>> buckets = new EnumMap<>(FeedBucket.class);
        for (JsonNode item : feed.path("items")) {
            buckets.computeIfAbsent(FeedBucket.of(item.path("needsAttention").asBoolean(), updatedAt(item), now),
                    b -> new ArrayList<>()).add(Pages.view(item));
        }
        model.addAttribute("badge", feed.path("badge").asInt());
        model.addAttribute("buckets", buckets);
    }

    private static Instant updatedAt(JsonNode item) {
        try {
            return Instant.parse(item.path("updatedAt").asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
