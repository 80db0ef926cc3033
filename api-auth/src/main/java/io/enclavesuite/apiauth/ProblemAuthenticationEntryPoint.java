package io.enclavesuite.apiauth;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused caller (no token, or a bad one) gets what RFC 6750 asks — 401 with {@code WWW-Authenticate: Bearer} and, for a bad token, its
 * {@code error} and {@code error_description} — and, like every other error of this API, a problem document
 * (RFC 9457) saying what to change. Spring Security's own entry point sends the header only, with an empty body.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    public static final String TOKEN_REQUIRED = "this API answers only requests with a bearer token: "
            + "'Authorization: Bearer <JWT>', whose sub is the Slack user id of the person reading";

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
            throws IOException {
        bearer.commence(request, response, refusal); // status and WWW-Authenticate
        String detail = refusal instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null ? oauth.getError().getDescription() : TOKEN_REQUIRED;
        HttpStatus status = HttpStatus.valueOf(response.getStatus()); // 401; 400 for a request with two tokens
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem); // UTF-8, as JSON always is: no charset parameter
    }
}
