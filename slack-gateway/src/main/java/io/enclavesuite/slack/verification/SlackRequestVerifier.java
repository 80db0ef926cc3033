package io.enclavesuite.slack.verification;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Checks Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body))}.
 * Stricter than Slack's own SDK in two ways: the comparison is constant-time, and timestamps are refused in both
 * directions (more than 5 minutes old, or more than 30 seconds ahead), so a captured request cannot be replayed
 * later nor prepared for the future.
 */
public final class SlackRequestVerifier {

    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MAX_AHEAD = Duration.ofSeconds(30);
    private static final String VERSION = "v0";

    private final byte[] signingSecret;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("a Slack signing secret is required");
        }
        this.signingSecret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param timestamp the {@code X-Slack-Request-Timestamp} header (seconds since the epoch)
     * @param signature the {@code X-Slack-Signature} header
     * @param rawBody   the request body exactly as received
     */
    public Verification verify(String timestamp, String signature, byte[] rawBody) {
        if (timestamp == null || timestamp.isBlank()) {
            return Verification.rejected("missing X-Slack-Request-Timestamp header");
        }
        if (signature == null || signature.isBlank()) {
            return Verification.rejected("missing X-Slack-Signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Verification.rejected("X-Slack-Request-Timestamp is not a number of seconds");
        }
        Instant sent = Instant.ofEpochSecond(seconds);
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(MAX_AGE))) {
            return Verification.rejected("request timestamp is more than 5 minutes old");
        }
        if (sent.isAfter(now.plus(MAX_AHEAD))) {
            return Verification.rejected("request timestamp is more than 30 seconds in the future");
        }
        if (!signature.startsWith(VERSION + "=")) {
            return Verification.rejected("X-Slack-Signature is not a v0 signature");
        }
        byte[] expected = (VERSION + "=" + HexFormat.of().formatHex(hmac(timestamp.trim(), rawBody)))
                .getBytes(StandardCharsets.US_ASCII);
        // MessageDigest.isEqual takes the same time wherever the first difference is (and for any length).
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return Verification.rejected("signature does not match the request");
        }
        return Verification.VERIFIED;
    }

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret, "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The outcome: verified, or rejected with a reason fit for a log line (never for the caller's eyes in full). */
    public record Verification(boolean verified, String reason) {
        static final Verification VERIFIED = new Verification(true, null);

        static Verification rejected(String reason) {
            return new Verification(false, reason);
        }
    }
}
