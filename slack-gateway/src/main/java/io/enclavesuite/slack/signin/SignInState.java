package io.enclavesuite.slack.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The invitation a join prompt's sign-in link carries: who was invited to sign in, from which channel to which
 * enclave, a random id of this invitation (its one {@code RegisterMember} is named after it) and an expiry, MAC'd
 * with a key derived from the signing secret. Nothing is stored, and nothing in it can be changed without the key.
 * It is not the OpenID Connect {@code state}: Spring Security makes that, and the nonce, for each sign-in.
 */
public final class SignInState {

    /** Long enough to read the prompt and click; short enough that a leaked link soon means nothing. */
    static final Duration VALID_FOR = Duration.ofMinutes(30);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    public record Invitation(String user, String channel, String enclave, String nonce, Instant expiresAt) {
    }

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    public SignInState(String signingSecret, Clock clock) {
        // A key of its own: a state MAC can never be mistaken for a request signature, nor the other way round.
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"), "enclave-suite sign-in state".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.clock = clock;
    }

    public String issue(String user, String channel, String enclave) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        ObjectNode body = json.createObjectNode().put("u", user).put("c", channel).put("e", enclave)
                .put("n", B64.encodeToString(nonce)).put("x", clock.instant().plus(VALID_FOR).getEpochSecond());
        String payload = B64.encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(hmac(key, payload.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The invitation, when the state is ours, intact and not expired. */
    public Optional<Invitation> read(String state) {
        if (state == null || state.length() > 2048) {
            return Optional.empty();
        }
        int dot = state.indexOf('.');
        if (dot <= 0 || dot != state.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = state.substring(0, dot);
        try {
            byte[] mac = B64D.decode(state.substring(dot + 1));
            if (!MessageDigest.isEqual(hmac(key, payload.getBytes(StandardCharsets.US_ASCII)), mac)) {
                return Optional.empty();
            }
            JsonNode body = json.readTree(B64D.decode(payload));
            Instant expiresAt = Instant.ofEpochSecond(body.path("x").asLong());
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new Invitation(body.path("u").asText(), body.path("c").asText(),
                    body.path("e").asText(), body.path("n").asText(), expiresAt));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
