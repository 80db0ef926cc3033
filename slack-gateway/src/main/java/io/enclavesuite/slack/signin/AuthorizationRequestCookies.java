package io.enclavesuite.slack.signin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a sign-in's authorization request waits while the person is at Slack: in a cookie of the browser that
 * started it, not in a session, so any gateway replica can finish what another began. The request's fields are
 * written as JSON (never Java serialization) and sealed with AES-256-GCM under a key derived from the signing secret:
 * a cookie that was changed, forged, or made for another sign-in does not open. Sealed rather than only MAC'd because
 * it holds the raw OpenID Connect nonce, which only the browser that started the sign-in should ever hold, and the
 * invitation. The cookie is {@code __Host-} (Secure, path /, no domain), HttpOnly and SameSite=Lax (Slack's redirect
 * back is a top-level GET, which Lax lets through), lives {@link #LIFETIME} by its own clock as well as the
 * browser's, and is cleared the moment it is read. Its name carries a digest of the OAuth {@code state}, so two
 * sign-ins in one browser each find their own.
 */
final class AuthorizationRequestCookies implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    /** Time enough to sign in at Slack; the cookie is worthless after. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final String PREFIX = "__Host-enclave-sign-in-";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Browsers keep cookies up to 4 KB; a sealed request is about 1 KB. */
    private static final int MAX_COOKIE = 3500;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    AuthorizationRequestCookies(String signingSecret, Clock clock) {
        // A key of its own: nothing sealed here opens with, or passes for, an invitation's MAC or a request signature.
        this.key = new SecretKeySpec(hmac(signingSecret.getBytes(StandardCharsets.UTF_8),
                "enclave-suite sign-in request cookie"), "AES");
        this.clock = clock;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        Cookie cookie = cookie(request, name(state));
        return cookie == null ? null : open(cookie.getName(), cookie.getValue(), state);
    }

    @Override
    public void saveAuthorizationRequest(OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
                                         HttpServletResponse response) {
        if (authorizationRequest == null) {
            return; // Spring asks to forget: the cookie is cleared when read, and dies on its own
        }
        String name = name(authorizationRequest.getState());
        String sealed = seal(name, authorizationRequest);
        if (name.length() + sealed.length() > MAX_COOKIE) {
            throw new IllegalStateException("the sign-in's authorization request is too large for a cookie: "
                    + sealed.length() + " characters");
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(name, sealed, LIFETIME).toString());
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
                                                                 HttpServletResponse response) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        if (state == null) {
            return null;
        }
        Cookie cookie = cookie(request, name(state));
        if (cookie == null) {
            return null;
        }
        // One use: a reload of the callback, or a copy of the cookie replayed later, finds nothing.
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(cookie.getName(), "", Duration.ZERO).toString());
        return open(cookie.getName(), cookie.getValue(), state);
    }

    /** The cookie's name for the sign-in of this {@code state}: a digest, as the state itself may hold any byte. */
    static String name(String state) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static ResponseCookie cookie(String name, String value, Duration maxAge) {
        return ResponseCookie.from(name, value).path("/").secure(true).httpOnly(true).sameSite("Lax")
                .maxAge(maxAge).build();
    }

    private static Cookie cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName())) {
                return cookie;
            }
        }
        return null;
    }

    private String seal(String name, OAuth2AuthorizationRequest request) {
        ObjectNode body = json.createObjectNode()
                .put("state", request.getState())
                .put("authorizationUri", request.getAuthorizationUri())
                .put("clientId", request.getClientId())
                .put("redirectUri", request.getRedirectUri())
                .put("expiresAt", clock.instant().plus(LIFETIME).getEpochSecond());
        request.getScopes().forEach(body.putArray("scopes")::add);
        ObjectNode parameters = body.putObject("parameters");
        request.getAdditionalParameters().forEach((k, v) -> parameters.put(k, text(k, v)));
        ObjectNode attributes = body.putObject("attributes");
        request.getAttributes().forEach((k, v) -> attributes.put(k, text(k, v)));
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII)); // sealed for this cookie name, i.e. this state
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(body));
            return B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("the sign-in's authorization request cannot be sealed", e);
        }
    }

    /** The request, when the cookie is ours, unchanged, for this state and not expired; else null. */
    private OAuth2AuthorizationRequest open(String name, String value, String state) {
        JsonNode body;
        try {
            byte[] sealed = B64D.decode(value);
            if (sealed.length <= IV_BYTES) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.US_ASCII));
            body = json.readTree(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            return null; // not sealed with our key for this name, changed, or not even base64
        }
        if (!state.equals(body.path("state").asText(null))
                || !clock.instant().isBefore(Instant.ofEpochSecond(body.path("expiresAt").asLong()))) {
            return null;
        }
        Map<String, Object> attributes = strings(body.path("attributes"));
        // Without these Spring would not know the client, or would skip the nonce check: refuse rather than guess.
        if (!attributes.containsKey(OAuth2ParameterNames.REGISTRATION_ID)
                || !attributes.containsKey(OidcParameterNames.NONCE)) {
            return null;
        }
        Set<String> scopes = new LinkedHashSet<>();
        body.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(body.path("authorizationUri").asText())
                .clientId(body.path("clientId").asText())
                .redirectUri(body.path("redirectUri").asText())
                .scopes(scopes)
                .state(state)
                .additionalParameters(strings(body.path("parameters")))
                .attributes(attributes)
                .build();
    }

    private static Map<String, Object> strings(JsonNode object) {
        Map<String, Object> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    /** Only text is kept: everything a sign-in puts in its request is text, and nothing else is read back. */
    private static String text(String name, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new IllegalStateException("the sign-in's authorization request holds " + name + " that is not text");
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
