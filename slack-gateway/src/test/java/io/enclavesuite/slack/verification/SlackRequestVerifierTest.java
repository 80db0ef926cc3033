package io.enclavesuite.slack.verification;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SlackRequestVerifierTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
    private static final byte[] BODY = "token=x&team_id=T1&command=%2Fenclave&text=info".getBytes(StandardCharsets.UTF_8);
    private final SlackRequestVerifier verifier = new SlackRequestVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Computed here independently of the verifier, straight from Slack's documented recipe. */
    private static String sign(String secret, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void aCorrectlySignedFreshRequestIsVerified() throws Exception {
        long ts = NOW.getEpochSecond() - 10;

        assertThat(verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), BODY).verified()).isTrue();
    }

    @Test
    void aTamperedBodyIsRejected() throws Exception {
        long ts = NOW.getEpochSecond();
        byte[] tampered = "token=x&team_id=T1&command=%2Fenclave&text=deprovision".getBytes(StandardCharsets.UTF_8);

        var result = verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), tampered);

        assertThat(result.verified()).isFalse();
        assertThat(result.reason()).isEqualTo("signature does not match the request");
    }

    @Test
    void anotherSecretIsRejected() throws Exception {
        long ts = NOW.getEpochSecond();

        assertThat(verifier.verify(String.valueOf(ts), sign("another-secret", ts, BODY), BODY).verified()).isFalse();
    }

    @Test
    void aTimestampOlderThanFiveMinutesIsRejectedEvenWhenSigned() throws Exception {
        long ts = NOW.getEpochSecond() - 301;

        assertThat(verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), BODY).reason())
                .isEqualTo("request timestamp is more than 5 minutes old");
    }

    @Test
    void aTimestampFromTheFutureIsRejectedEvenWhenSigned() throws Exception {
        long ts = NOW.getEpochSecond() + 31;

        assertThat(verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), BODY).reason())
                .isEqualTo("request timestamp is more than 30 seconds in the future");
    }

    @Test
    void theEdgesOfTheWindowAreAccepted() throws Exception {
        long oldest = NOW.getEpochSecond() - 300;
        long newest = NOW.getEpochSecond() + 30;

        assertThat(verifier.verify(String.valueOf(oldest), sign(SECRET, oldest, BODY), BODY).verified()).isTrue();
        assertThat(verifier.verify(String.valueOf(newest), sign(SECRET, newest, BODY), BODY).verified()).isTrue();
    }

    @Test
    void garbledHeadersAreNamed() {
        assertThat(verifier.verify(null, "v0=00", BODY).reason()).isEqualTo("missing X-Slack-Request-Timestamp header");
        assertThat(verifier.verify("123", " ", BODY).reason()).isEqualTo("missing X-Slack-Signature header");
        assertThat(verifier.verify("yesterday", "v0=00", BODY).reason())
                .isEqualTo("X-Slack-Request-Timestamp is not a number of seconds");
        assertThat(verifier.verify(String.valueOf(NOW.getEpochSecond()), "v1=00", BODY).reason())
                .isEqualTo("X-Slack-Signature is not a v0 signature");
    }

    @Test
    void aSignatureOfAnotherLengthIsRejectedCleanly() throws Exception {
        long ts = NOW.getEpochSecond();
        String good = sign(SECRET, ts, BODY);

        assertThat(verifier.verify(String.valueOf(ts), good.substring(0, good.length() - 2), BODY).verified()).isFalse();
        assertThat(verifier.verify(String.valueOf(ts), good + "00", BODY).verified()).isFalse();
    }
}
