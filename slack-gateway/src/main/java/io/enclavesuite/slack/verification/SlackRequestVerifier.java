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
import java.util.regex.Pattern;

/**
 * Checks Slack's v0 request signature: {@code v0=hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body))}.
 * Stricter than Slack's own SDK in two ways: the comparison is constant-time, and timestamps are refused in both
 * directions (more than 5 minutes old, or more than 30 seconds ahead), so a captured request cannot be replayed
 * later nor prepared for the future. Every malformed input is a {@link Verification.Rejected}, never an exception,
 * because all of it comes from whoever sent the request. Thread-safe.
 */
public final class SlackRequestVerifier {

    public static final String TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Slack-Signature";
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MAX_AHEAD = Duration.ofSeconds(30);

    private static final String VERSION = "v0";
    private static final String HMAC = "HmacSHA256";
    // Unsigned decimal seconds, at most 12 digits: enough until the year 33658, and never outside Instant's range.
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");

    private final SecretKeySpec signingKey;
    private final Clock clock;

    public SlackRequestVerifier(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("a Slack signing secret is required");
        }
        this.signingKey = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), HMAC);
        this.clock = Objects.requireNonNull(clock, "a clock is required");
    }

    /**
     * @param timestamp the {@value #TIMESTAMP_HEADER} header (seconds since the epoch), null when absent
     * @param signature the {@value #SIGNATURE_HEADER} header, null when absent
     * @param rawBody   the request body exactly as received, before any form or JSON decoding
     */
    public Verification verify(String timestamp, String signature, byte[] rawBody) {
        Objects.requireNonNull(rawBody, "the raw request body is required (empty, not null, when there is none)");
        if (timestamp == null || timestamp.isBlank()) {
            return new Verification.Rejected(RejectionReason.MISSING_TIMESTAMP);
        }
        if (signature == null || signature.isBlank()) {
            return new Verification.Rejected(RejectionReason.MISSING_SIGNATURE);
        }
        if (!EPOCH_SECONDS.matcher(timestamp).matches()) {
            return new Verification.Rejected(RejectionReason.MALFORMED_TIMESTAMP);
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(MAX_AGE))) {
            return new Verification.Rejected(RejectionReason.STALE_TIMESTAMP);
        }
        if (sent.isAfter(now.plus(MAX_AHEAD))) {
            return new Verification.Rejected(RejectionReason.FUTURE_TIMESTAMP);
        }
        if (!signature.startsWith(VERSION + "=")) {
            return new Verification.Rejected(RejectionReason.UNSUPPORTED_SIGNATURE_VERSION);
        }
        byte[] expected = (VERSION + "=" + HexFormat.of().formatHex(hmac(timestamp, rawBody)))
                .getBytes(StandardCharsets.US_ASCII);
        // Expected first: MessageDigest.isEqual walks the first array's full length whatever the second's length or
        // contents (it returns early only for an empty second array, impossible after the "v0=" check), so the
        // time taken says nothing about how much of a forged signature was right.
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Verification.Rejected(RejectionReason.SIGNATURE_MISMATCH);
        }
        return new Verification.Verified(sent);
    }

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC); // Mac instances are not thread-safe: one per request
            mac.init(signingKey);
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
