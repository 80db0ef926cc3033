package io.enclavesuite.slack.signin;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cookie a sign-in waits in while the person is at Slack: what goes in comes out, field by field, for the
 * sign-in of that state only, within its lifetime by the given clock, and never without what Spring needs to check
 * the answer (the registration and the nonce). The end-to-end refusals are in {@link SignInFlowTest}.
 */
class AuthorizationRequestCookiesTest {

    private static final String SECRET = "test-signing-secret";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void whatWasSavedIsLoadedForItsStateAndRemovedOnce() {
        OAuth2AuthorizationRequest saved = request("state-1", attributes());
        MockHttpServletRequest callback = callbackWith(cookieOf(cookiesAt(NOW), saved), "state-1");

        OAuth2AuthorizationRequest loaded = cookiesAt(NOW.plus(Duration.ofMinutes(9))).loadAuthorizationRequest(callback);
        assertThat(loaded).isNotNull();
        assertThat(loaded.getState()).isEqualTo("state-1");
        assertThat(loaded.getAuthorizationUri()).isEqualTo(saved.getAuthorizationUri());
        assertThat(loaded.getClientId()).isEqualTo(saved.getClientId());
        assertThat(loaded.getRedirectUri()).isEqualTo(saved.getRedirectUri());
        assertThat(loaded.getScopes()).isEqualTo(Set.of("openid"));
        assertThat(loaded.getAdditionalParameters()).isEqualTo(saved.getAdditionalParameters());
        assertThat(loaded.getAttributes()).isEqualTo(saved.getAttributes());

        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(cookiesAt(NOW).removeAuthorizationRequest(callback, response)).isNotNull();
        assertThat(response.getHeader("Set-Cookie")).startsWith(AuthorizationRequestCookies.name("state-1") + "=;")
                .contains("Max-Age=0");
    }

    @Test
    void aCookieIsForItsOwnStateOnly() {
        Cookie cookie = cookieOf(cookiesAt(NOW), request("state-1", attributes()));
        // under another state's name: sealed for its own name, it does not open
        Cookie renamed = new Cookie(AuthorizationRequestCookies.name("state-2"), cookie.getValue());

        assertThat(cookiesAt(NOW).loadAuthorizationRequest(callbackWith(renamed, "state-2"))).isNull();
        assertThat(cookiesAt(NOW).loadAuthorizationRequest(callbackWith(cookie, "state-2"))).isNull();
        assertThat(cookiesAt(NOW).loadAuthorizationRequest(callbackWith(cookie, null))).isNull();
    }

    @Test
    void aCookieOutlivesItsLifetimeByNoClock() {
        Cookie cookie = cookieOf(cookiesAt(NOW), request("state-1", attributes()));

        assertThat(cookiesAt(NOW.plus(AuthorizationRequestCookies.LIFETIME))
                .loadAuthorizationRequest(callbackWith(cookie, "state-1"))).isNull();
    }

    @Test
    void aCookieOfAnotherKeyDoesNotOpen() {
        Cookie cookie = cookieOf(new AuthorizationRequestCookies("another-secret", Clock.fixed(NOW, ZoneOffset.UTC)),
                request("state-1", attributes()));

        assertThat(cookiesAt(NOW).loadAuthorizationRequest(callbackWith(cookie, "state-1"))).isNull();
    }

    @Test
    void aRequestWithoutItsNonceIsNotBelieved() {
        // Spring skips the nonce check when the request has none: such a cookie must never load
        Map<String, Object> noNonce = attributes();
        noNonce.remove("nonce");
        Cookie cookie = cookieOf(cookiesAt(NOW), request("state-1", noNonce));

        assertThat(cookiesAt(NOW).loadAuthorizationRequest(callbackWith(cookie, "state-1"))).isNull();
    }

    private static AuthorizationRequestCookies cookiesAt(Instant now) {
        return new AuthorizationRequestCookies(SECRET, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Map<String, Object> attributes() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("registration_id", "slack");
        attributes.put("nonce", "raw-nonce-of-this-sign-in");
        attributes.put(InvitationResolver.INVITATION, "payload.mac");
        return attributes;
    }

    private static OAuth2AuthorizationRequest request(String state, Map<String, Object> attributes) {
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://slack.com/openid/connect/authorize")
                .clientId("1234.5678")
                .redirectUri("https://gateway.example/slack/sign-in/callback")
                .scope("openid")
                .state(state)
                .additionalParameters(Map.of("nonce", "hash-of-the-nonce", "team", "T0TEAM"))
                .attributes(a -> a.putAll(attributes))
                .build();
    }

    private static Cookie cookieOf(AuthorizationRequestCookies cookies, OAuth2AuthorizationRequest request) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        cookies.saveAuthorizationRequest(request, new MockHttpServletRequest(), response);
        String pair = response.getHeader("Set-Cookie").split(";")[0];
        return new Cookie(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }

    private static MockHttpServletRequest callbackWith(Cookie cookie, String state) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/slack/sign-in/callback");
        if (state != null) {
            request.setParameter("state", state);
        }
        request.setCookies(cookie);
        return request;
    }
}
