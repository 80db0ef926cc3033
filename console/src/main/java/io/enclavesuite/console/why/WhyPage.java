package io.enclavesuite.console.why;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Why?" for one event of an enclave or a room, from the read API's {@code /api/why}: as a page ({@code /why}), and as
 * the fragment the page's script shows in a drawer ({@code /why/drawer}). Without a sequence it explains the latest
 * event the person may see. Whatever the person may not read is "not found", exactly like what does not exist.
 */
@Controller
class WhyPage {

    /** The history endpoint's largest page: the fewest requests to reach an aggregate's latest event. */
    private static final String PAGE = "1000";

    private final ReadApi api;

    WhyPage(ReadApi api) {
        this.api = api;
    }

    @GetMapping("/why")
    String page(@RequestParam(required = false) String aggregate, @RequestParam(required = false) String sequence,
                Authentication authentication, Model model, HttpServletResponse response) {
        return explain(aggregate, sequence, authentication, model, response) ? "why" : "problem";
    }

    @GetMapping("/why/drawer")
    String drawer(@RequestParam(required = false) String aggregate, @RequestParam(required = false) String sequence,
                  Authentication authentication, Model model, HttpServletResponse response) {
        return explain(aggregate, sequence, authentication, model, response) ? "why :: drawer" : "problem";
    }

    /** Fills the model with the explanation, or with the problem of a malformed request (then false). */
    private boolean explain(String aggregate, String sequence, Authentication authentication, Model model,
                            HttpServletResponse response) {
        if (aggregate == null || aggregate.isBlank()) {
            return refuse(model, response, "Say what to explain: aggregate, an enclave's name or a room's id.");
        }
        String name = aggregate.strip();
        Long position = null;
        if (sequence != null && !sequence.isBlank()) {
            try {
                position = Long.parseLong(sequence.strip());
            } catch (NumberFormatException e) {
                position = -1L;
            }
            if (position < 0) {
                return refuse(model, response, "sequence is an event's position in its history, a whole number from "
                        + "0, not '" + sequence + "'.");
            }
        }
        Person me = Pages.person(authentication);
        long event = position != null ? position : latest(me, name);
        JsonNode why = api.get(me, "/api/why", Map.of("aggregate", name, "sequence", Long.toString(event)));
        model.addAttribute("why", Explanation.of(why));
        return true;
    }

    private static boolean refuse(Model model, HttpServletResponse response, String problem) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("problem", problem);
        return false;
    }

    /**
     * The latest event of the aggregate that the person may see, from its history: a room's if the id looks like
     * one, else an enclave's. A 404 from the room history still leaves the enclave's to ask (a name is only a name);
     * a 404 from the one asked last is the answer.
     */
    private long latest(Person me, String aggregate) {
        if (EventWords.isRoom(aggregate)) {
            try {
                return latest(me, "/api/rooms/{room}/history", aggregate);
            } catch (ReadApi.NotFound notARoomOfTheirs) {
                // perhaps an enclave of that name: asked below, whose 404 is then the answer
            }
        }
        return latest(me, "/api/enclaves/{name}/history", aggregate);
    }

    private long latest(Person me, String history, String aggregate) {
        Long last = null;
        String after = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("limit", PAGE);
            query.put("after", after);
            JsonNode page = api.get(me, history, query, aggregate);
            for (JsonNode event : page.path("items")) {
                last = event.path("sequence").asLong();
            }
            after = page.path("next").asText(null);
        } while (after != null);
        if (last == null) {
            throw new ReadApi.NotFound();
        }
        return last;
    }
}
