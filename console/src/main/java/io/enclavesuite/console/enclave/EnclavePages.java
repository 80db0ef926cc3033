package io.enclavesuite.console.enclave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import io.enclavesuite.console.web.Pages;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team-enclave pages: the enclaves the person may see, one enclave (now, or as of a past instant), and its
 * history. Everything comes from the read API as the person, so each page shows what the API grants them; what they
 * may not see — a stranger's enclave, its history, its past — is the same "not found" as an enclave that does not
 * exist.
 */
@Controller
class EnclavePages {

    private final ReadApi api;

    EnclavePages(ReadApi api) {
        this.api = api;
    }

    @GetMapping("/enclaves")
    String enclaves(Authentication authentication, Model model) {
        Person me = Pages.person(authentication);
        List<EnclaveLine> lines = new ArrayList<>();
        api.get(me, "/api/enclaves").forEach(enclave -> lines.add(EnclaveLine.of(enclave, me.value())));
        model.addAttribute("enclaves", lines);
        return "enclaves";
    }

    /**
     * The enclave now, or with {@code at} as it was then. The current enclave is read first either way, so a stranger
     * gets "not found" before anything about the instant is said, and a malformed instant is told beside the form.
     */
    @GetMapping("/enclaves/{name}")
    String enclave(@PathVariable String name, @RequestParam(required = false) String at,
                   Authentication authentication, Model model) {
        Person me = Pages.person(authentication);
        JsonNode now = api.get(me, "/api/enclaves/{name}", name);
        String instant = Instants.normalized(at);
        if (instant != null) {
            try {
                return asOf(me, name, api.get(me, "/api/enclaves/{name}/as-of", Map.of("at", instant), name), model);
            } catch (ReadApi.BadRequest e) {
                model.addAttribute("atProblem", e.getMessage());
                model.addAttribute("atValue", at);
            }
        }
        List<TentacleLine> tentacles = new ArrayList<>();
        String status = now.path("status").asText();
        api.get(me, "/api/enclaves/{name}/tentacles", name).forEach(t -> tentacles.add(TentacleLine.now(t, status)));
        List<Map<String, Object>> services = new ArrayList<>();
        now.path("services").fields().forEachRemaining(service -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", service.getKey());
            line.put("state", service.getValue().path("state").asText());
            line.put("detail", service.getValue().path("detail").asText(null));
            line.put("since", service.getValue().path("since").asText(null));
            services.add(line);
        });
        model.addAttribute("enclave", Pages.view(now));
        model.addAttribute("mode", ModeInWords.of(now.path("mode").asText(null)));
        model.addAttribute("role", EnclaveLine.role(now, now.path("owner").asText(), me.value()));
        model.addAttribute("tentacles", tentacles);
        model.addAttribute("services", services);
        return "enclave";
    }

    // The as-of answer has the channel's name only and its tentacles by name; the page reads both as it reads now.
    private String asOf(Person me, String name, JsonNode then, Model model) {
        ObjectNode enclave = then.deepCopy();
        enclave.putObject("channel").put("name", then.path("channelName").asText(""));
        enclave.remove("tentacles");
        List<TentacleLine> tentacles = new ArrayList<>();
        then.path("tentacles").fields().forEachRemaining(t -> tentacles.add(TentacleLine.asOf(t.getKey(), t.getValue())));
        model.addAttribute("enclave", Pages.view(enclave));
        model.addAttribute("asOf", then.path("asOf").asText());
        model.addAttribute("atValue", Instants.localValue(then.path("asOf").asText()));
        model.addAttribute("mode", ModeInWords.of(then.path("mode").asText(null)));
        model.addAttribute("role", EnclaveLine.role(then, then.path("owner").asText(), me.value()));
        model.addAttribute("tentacles", tentacles);
        model.addAttribute("services", List.of());
        return "enclave";
    }

    /**
     * The enclave's audit history, filtered and paged by the read API. The enclave is read first, so a stranger gets
     * "not found" whatever the filters; a filter the read API refuses is told beside the form, with its reason.
     */
    @GetMapping("/enclaves/{name}/history")
    String history(@PathVariable String name, HistoryFilter filter, Authentication authentication, Model model) {
        Person me = Pages.person(authentication);
        JsonNode enclave = api.get(me, "/api/enclaves/{name}", name);
        model.addAttribute("enclave", Pages.view(enclave));
        model.addAttribute("filter", filter);
        try {
            JsonNode page = api.get(me, "/api/enclaves/{name}/history", filter.query(), name);
            List<Object> events = new ArrayList<>();
            page.path("items").forEach(item -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> event = (Map<String, Object>) Pages.view(item);
                event.put("payloadJson", item.path("payload").toPrettyString());
                events.add(event);
            });
            model.addAttribute("events", events);
            model.addAttribute("next", page.path("next").asText(null));
        } catch (ReadApi.BadRequest e) {
            model.addAttribute("events", List.of());
            model.addAttribute("filterProblem", e.getMessage());
        }
        return "enclave-history";
    }
}
