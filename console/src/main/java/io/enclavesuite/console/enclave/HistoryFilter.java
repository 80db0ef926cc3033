package io.enclavesuite.console.enclave;

import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The history page's GET form, as typed: {@code type}, {@code actor}, {@code from}, {@code to} (ISO-8601 instants or
 * a {@code datetime-local} value, UTC; {@code to} exclusive), page size {@code limit} and the cursor {@code after}
 * (the read API's {@code next}). Blank fields ask for everything.
 */
public record HistoryFilter(String type, String actor, String from, String to, String limit, String after) {

    /** The read API's query parameters; the read API checks them and says what is wrong with one. */
    Map<String, String> query() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("type", type);
        query.put("actor", actor);
        query.put("from", Instants.normalized(from));
        query.put("to", Instants.normalized(to));
        query.put("limit", limit);
        query.put("after", after);
        return query;
    }

    /** This page's address with the same filters from {@code cursor} on (null: the first page). */
    public String link(String enclave, String cursor) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/enclaves").pathSegment(enclave, "history");
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put("type", type);
        kept.put("actor", actor);
        kept.put("from", from);
        kept.put("to", to);
        kept.put("limit", limit);
        kept.put("after", cursor);
        kept.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                link.queryParam(name, value.strip());
            }
        });
        // built without URI templates: a brace typed into a filter is a character, not a variable
        return link.build().encode().toUriString();
    }

    /** Whether any filter is set (the page then offers to clear them). */
    public boolean any() {
        return !(blank(type) && blank(actor) && blank(from) && blank(to));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
