package io.enclavesuite.console.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History: the person's rooms and the enclaves they may view, newest change first, searched by kind, status, person
 * and text — {@code GET /api/archive} as a GET form, so every search and every page is a link of its own and works
 * without JavaScript. "Next page" carries the read API's cursor and the same filters.
 */
@Controller
class HistoryPage {

    private final ReadApi api;

    HistoryPage(ReadApi api) {
        this.api = api;
    }

    /** The form's fields, bound by name; blank ones are no filter. {@code after} and {@code limit} page through. */
    record Search(String kind, String status, String person, String q, String limit, String after) {

        Map<String, String> filters() {
            Map<String, String> filters = new LinkedHashMap<>();
            filters.put("kind", kind);
            filters.put("status", status);
            filters.put("person", person);
            filters.put("q", q);
            filters.put("limit", limit);
            return filters;
        }

        Map<String, String> query() {
            Map<String, String> query = filters();
            query.put("after", after);
            return query;
        }

        /** This search's page after {@code next} (null: its first page): the same filters, nothing blank in the link. */
        String pageAfter(String next) {
            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/history");
            filters().forEach((name, value) -> {
                if (value != null && !value.isBlank()) {
                    link.queryParam(name, value.strip());
                }
            });
            if (next != null) {
                link.queryParam("after", next);
            }
            return link.encode().build().toUriString();
        }
    }

    @GetMapping("/history")
    String history(Search search, Authentication authentication, Model model) {
        Person me = Pages.person(authentication);
        model.addAttribute("search", search);
        model.addAttribute("kinds", List.of("room", "enclave"));
        try {
            JsonNode page = api.get(me, "/api/archive", search.query());
            model.addAttribute("items", Pages.view(page.path("items")));
            if (page.hasNonNull("next")) {
                model.addAttribute("nextPage", search.pageAfter(page.path("next").asText()));
            }
        } catch (ReadApi.BadRequest e) {
            // a filter the read API refused: the form stays, with the reason beside it
            model.addAttribute("items", List.of());
            model.addAttribute("problem", e.getMessage());
        }
        if (search.after() != null && !search.after().isBlank()) {
            model.addAttribute("firstPage", search.pageAfter(null));
        }
        return "history";
    }
}
