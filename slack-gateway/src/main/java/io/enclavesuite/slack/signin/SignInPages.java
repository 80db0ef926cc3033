package io.enclavesuite.slack.signin;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The plain pages a browser sees at the end of a sign-in, good or not: a title and one sentence, and nothing that
 * runs. Spring Security's filters write them (the handlers answer before any controller), so they are written here
 * to the response, not returned from a controller.
 */
final class SignInPages {

    /** Valid for as long as the invitation is, in words for the pages. */
    static final String LINK_EXPIRED = "Sign-in links last " + SignInState.VALID_FOR.toMinutes()
            + " minutes. Leave and rejoin the channel, or ask its owner.";

    static String html(String title, String text) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text)
                + "</p></body></html>";
    }

    /** Writes the page; headers already set (the cleared sign-in cookie) stay. */
    static void write(HttpServletResponse response, HttpStatus status, String title, String text) throws IOException {
        byte[] body = html(title, text).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.value());
        response.setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8).toString());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private SignInPages() {
    }
}
