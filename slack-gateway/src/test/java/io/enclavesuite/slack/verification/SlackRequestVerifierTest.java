package io.enclavesuite.slack.verification;

import io.enclavesuite.slack.verification.Verification.Rejected;
import io.enclavesuite.slack.verification.Verification.Verified;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlackRequestVerifierTest {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final Instant NOW = Instant.ofEpochSecond(1_795_000_000L);
    private static final long TS = NOW.getEpochSecond() - 10;
    private static final byte[] BODY = "token=x&team_id=T1&command=%2Fenclave&text=info".getBytes(StandardCharsets.UTF_8);

    private final SlackRequestVerifier verifier = new SlackRequestVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Computed here independently of the verifier, straight from Slack's documented recipe. */
    private static String sign(String secret, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static RejectionReason reasonOf(Verification verification) {
        assertThat(verification).isInstanceOf(Rejected.class);
        return ((Rejected) verification).reason();
    }

    @Test
    void aCorrectlySignedFreshRequestIsVerifiedWithItsTimestamp() throws Exception {
        var result = verifier.verify(String.valueOf(TS), sign(SECRET, TS, BODY), BODY);

        assertThat(result).isEqualTo(new Verified(Instant.ofEpochSecond(TS)));
        assertThat(result.verified()).isTrue();
    }

    @Test
    void anEmptyBodyCanBeSigned() throws Exception {
        assertThat(verifier.verify(String.valueOf(TS), sign(SECRET, TS, new byte[0]), new byte[0]).verified()).isTrue();
    }

    @Test
    void aTamperedBodyIsRejected() throws Exception {
        byte[] tampered = "token=x&team_id=T1&command=%2Fenclave&text=deprovision".getBytes(StandardCharsets.UTF_8);

        var result = verifier.verify(String.valueOf(TS), sign(SECRET, TS, BODY), tampered);

        assertThat(reasonOf(result)).isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
        assertThat(((Rejected) result).message()).isEqualTo("signature does not match the request");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRejected() throws Exception {
        assertThat(reasonOf(verifier.verify(String.valueOf(TS), sign("another-secret", TS, BODY), BODY)))
                .isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
    }

    @Test
    void anOldRequestCannotBeRefreshedByRewritingItsTimestampHeader() throws Exception {
        String capturedSignature = sign(SECRET, NOW.getEpochSecond() - 3600, BODY);

        assertThat(reasonOf(verifier.verify(String.valueOf(TS), capturedSignature, BODY)))
                .isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
    }

    @Test
    void aTimestampOlderThanFiveMinutesIsRejectedEvenWhenSigned() throws Exception {
        long ts = NOW.getEpochSecond() - 301;

        var result = verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), BODY);

        assertThat(reasonOf(result)).isEqualTo(RejectionReason.STALE_TIMESTAMP);
        assertThat(((Rejected) result).message()).isEqualTo("request timestamp is more than 5 minutes old");
    }

    @Test
    void aTimestampMoreThanThirtySecondsAheadIsRejectedEvenWhenSigned() throws Exception {
        long ts = NOW.getEpochSecond() + 31;

        var result = verifier.verify(String.valueOf(ts), sign(SECRET, ts, BODY), BODY);

        assertThat(reasonOf(result)).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(((Rejected) result).message()).isEqualTo("request timestamp is more than 30 seconds in the future");
    }

    @Test
    void theEdgesOfTheWindowAreAccepted() throws Exception {
        long oldest = NOW.getEpochSecond() - 300;
        long newest = NOW.getEpochSecond() + 30;

        assertThat(verifier.verify(String.valueOf(oldest), sign(SECRET, oldest, BODY), BODY).verified()).isTrue();
        assertThat(verifier.verify(String.valueOf(newest), sign(SECRET, newest, BODY), BODY).verified()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "1.795e9", "-1795000000", "+1795000000", " 1795000000", "1795000000 ",
            "0x6afc2b80", "9223372036854775807", "99999999999999999999", "1795000000\n"})
    void aTimestampThatIsNotPlainEpochSecondsIsRejectedWithoutAnException(String timestamp) {
        assertThat(reasonOf(verifier.verify(timestamp, "v0=00", BODY))).isEqualTo(RejectionReason.MALFORMED_TIMESTAMP);
    }

    @Test
    void missingHeadersAreNamed() {
        assertThat(reasonOf(verifier.verify(null, "v0=00", BODY))).isEqualTo(RejectionReason.MISSING_TIMESTAMP);
        assertThat(reasonOf(verifier.verify("", "v0=00", BODY))).isEqualTo(RejectionReason.MISSING_TIMESTAMP);
        assertThat(reasonOf(verifier.verify(String.valueOf(TS), null, BODY))).isEqualTo(RejectionReason.MISSING_SIGNATURE);
        assertThat(reasonOf(verifier.verify(String.valueOf(TS), " ", BODY))).isEqualTo(RejectionReason.MISSING_SIGNATURE);
    }

    @Test
    void aSignatureWithoutTheV0PrefixIsRejectedEvenWhenItsDigestIsRight() throws Exception {
        String digestOnly = sign(SECRET, TS, BODY).substring("v0=".length());

        assertThat(reasonOf(verifier.verify(String.valueOf(TS), digestOnly, BODY)))
                .isEqualTo(RejectionReason.UNSUPPORTED_SIGNATURE_VERSION);
        assertThat(reasonOf(verifier.verify(String.valueOf(TS), "v1=" + digestOnly, BODY)))
                .isEqualTo(RejectionReason.UNSUPPORTED_SIGNATURE_VERSION);
    }

    @Test
    void signaturesOfAnotherLengthAreRejectedAsMismatchesNotErrors() throws Exception {
        String good = sign(SECRET, TS, BODY);
        String ts = String.valueOf(TS);

        assertThat(reasonOf(verifier.verify(ts, good.substring(0, good.length() - 1), BODY)))
                .isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
        assertThat(reasonOf(verifier.verify(ts, good + "0", BODY))).isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
        assertThat(reasonOf(verifier.verify(ts, "v0=", BODY))).isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
        assertThat(reasonOf(verifier.verify(ts, good + good, BODY))).isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
    }

    @Test
    void aSignatureWithNonAsciiCharactersIsAMismatch() throws Exception {
        String good = sign(SECRET, TS, BODY);
        String withUmlaut = good.substring(0, good.length() - 1) + "\u00e4";

        assertThat(reasonOf(verifier.verify(String.valueOf(TS), withUmlaut, BODY)))
                .isEqualTo(RejectionReason.SIGNATURE_MISMATCH);
    }

    @Test
    void aVerifierNeedsASecretAndAClock() {
        assertThatThrownBy(() -> new SlackRequestVerifier(" ", Clock.systemUTC()))
                .hasMessage("a Slack signing secret is required");
        assertThatThrownBy(() -> new SlackRequestVerifier(SECRET, null)).hasMessage("a clock is required");
    }
}
