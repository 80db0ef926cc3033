package io.enclavesuite.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.console.signin.Person;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What every page has: the signed-in person ({@code me}), and one answer for each way the read API fails — "not
 * found" (a stranger's room looks exactly like one that does not exist), the reason of a refused filter, or
 * "unavailable" (never an empty page for "could not ask").
 */
@ControllerAdvice
public class Pages {

    private static final Logger log = LoggerFactory.getLogger(Pages.class);

    @ModelAttribute("me")
    Person me(Authentication authentication) {
        return Person.of(authentication).orElse(null);
    }

    /** The signed-in person, for a controller's handler; a page behind sign-in always has one. */
    public static Person person(Authentication authentication) {
        return Person.of(authentication).orElseThrow(() -> new IllegalStateException("no person signed in"));
    }

    /**
     * A read API answer as maps and lists, which templates read by name ({@code ${room.status}}); a field the answer
     * left out (the API omits empty ones) reads as null instead of failing the page.
     */
    public static Object view(JsonNode answer) {
        if (answer == null || answer.isNull() || answer.isMissingNode()) {
            return null;
        }
        if (answer.isObject()) {
            Fields fields = new Fields();
            answer.fields().forEachRemaining(field -> fields.put(field.getKey(), view(field.getValue())));
            return fields;
        }
        if (answer.isArray()) {
            List<Object> items = new ArrayList<>(answer.size());
            answer.forEach(item -> items.add(view(item)));
            return items;
        }
        if (answer.isBoolean()) {
            return answer.booleanValue();
        }
        if (answer.isIntegralNumber()) {
            return answer.longValue();
        }
        return answer.isNumber() ? answer.decimalValue() : answer.asText();
    }

    /** A JSON object for a template: SpEL reads a map's entry only if the map says it has it, so this one always does. */
    static final class Fields extends LinkedHashMap<String, Object> {
        @Override
        public boolean containsKey(Object key) {
            return true;
        }
    }

    @ExceptionHandler(ReadApi.NotFound.class)
    String notFound(HttpServletResponse response, Model model, Authentication authentication) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("me", me(authentication));
        return "not-found";
    }

    @ExceptionHandler(ReadApi.BadRequest.class)
    String badRequest(ReadApi.BadRequest e, HttpServletResponse response, Model model, Authentication authentication) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        model.addAttribute("me", me(authentication));
        model.addAttribute("problem", e.getMessage());
        return "problem";
    }

    @ExceptionHandler(ReadApi.Unavailable.class)
    String unavailable(ReadApi.Unavailable e, HttpServletResponse response, Model model, Authentication authentication) {
        log.warn("A page could not be read: {}", e.getMessage());
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        model.addAttribute("me", me(authentication));
        model.addAttribute("problem", "The suite cannot be asked just now. Reload this page in a minute.");
        return "problem";
    }
}
