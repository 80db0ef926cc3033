package io.enclavesuite.receipts.receipt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.enclavesuite.receipts.ReceiptJson;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Receipt keys as the peer protocol has them: a retired key verifies inside its window only, a revoked key never. */
class KeyValidityTest {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant RETIRED = Instant.parse("2026-01-01T00:00:00Z");

    private final Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(new SecureRandom());
    private final ReceiptVerifier verifier = new ReceiptVerifier();

    private Receipt issuedAt(Instant at) {
        return new ReceiptSigner(key).sign(new Receipt("receipt-1", "team", "growth", null, null,
                JsonNodeFactory.instance.objectNode(), 0, null, null, "cd".repeat(32), 2, "pending", at, null));
    }

    private ReceiptVerifier.Verdict verify(Receipt receipt, KeyValidity validity) {
        JwkSet published = JwkSet.fromJson(JwkSet.of(List.of(new JwkSet.PublishedKey(key.verificationKey(),
                validity))).toJson()); // through the JSON a verifier downloads
        return verifier.verify(receipt, published, Optional.empty());
    }

    @Test
    void aRetiredKeyVerifiesWhatItSignedInsideItsWindow() {
        KeyValidity retired = new KeyValidity(FROM, RETIRED, false);

        assertThat(verify(issuedAt(FROM), retired).valid()).isTrue();
        assertThat(verify(issuedAt(RETIRED.minusNanos(1)), retired).valid()).isTrue();
    }

    @Test
    void aRetiredKeyVerifiesNothingIssuedAfterItWasRetired() {
        ReceiptVerifier.Verdict verdict = verify(issuedAt(RETIRED), new KeyValidity(FROM, RETIRED, false));

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).isEqualTo("issued at 2026-01-01T00:00:00Z, after key '"
                + key.verificationKey().keyId() + "' was retired at 2026-01-01T00:00:00Z");
    }

    @Test
    void aKeyVerifiesNothingIssuedBeforeItBeganSigning() {
        ReceiptVerifier.Verdict verdict = verify(issuedAt(FROM.minusSeconds(1)), new KeyValidity(FROM, null, false));

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("before key '" + key.verificationKey().keyId()
                + "' began signing at 2025-01-01T00:00:00Z");
    }

    @Test
    void aRevokedKeyVerifiesNothingEvenInsideItsWindow() {
        ReceiptVerifier.Verdict verdict = verify(issuedAt(FROM.plusSeconds(60)), new KeyValidity(FROM, RETIRED, true));

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).isEqualTo("key '" + key.verificationKey().keyId()
                + "' is revoked: no receipt it signed is trusted");
    }

    @Test
    void theCurrentKeyVerifiesWhateverItSigned() {
        assertThat(verify(issuedAt(FROM), KeyValidity.CURRENT).valid()).isTrue();
        assertThat(JwkSet.of(List.of(new JwkSet.PublishedKey(key.verificationKey(), null))).toJson().path("keys")
                .get(0).has("retiredAt")).isFalse();
    }

    @Test
    void aWindowIsPublishedAsMembersOfTheKey() throws Exception {
        String json = JwkSet.of(List.of(new JwkSet.PublishedKey(key.verificationKey(),
                new KeyValidity(FROM, RETIRED, true)))).toJson().toString();

        assertThat(json).contains("\"notBefore\":\"2025-01-01T00:00:00Z\"", "\"retiredAt\":\"2026-01-01T00:00:00Z\"",
                "\"revoked\":true");
        assertThat(JwkSet.fromJson(ReceiptJson.mapper().readTree(json)).published(key.verificationKey().keyId())
                .orElseThrow().validity()).isEqualTo(new KeyValidity(FROM, RETIRED, true));
    }

    @Test
    void aWindowThatIsNoneIsRefused() throws Exception {
        String x = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key.verificationKey().encoded());
        String id = key.verificationKey().keyId();
        assertThatThrownBy(() -> JwkSet.fromJson(ReceiptJson.mapper().readTree("{\"keys\":[{\"kty\":\"OKP\","
                + "\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"retiredAt\":\"last year\"}]}")))
                .hasMessage("key '" + id + "': \"retiredAt\" is not an ISO-8601 instant: 'last year'");
        assertThatThrownBy(() -> JwkSet.fromJson(ReceiptJson.mapper().readTree("{\"keys\":[{\"kty\":\"OKP\","
                + "\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"revoked\":\"yes\"}]}")))
                .hasMessage("key '" + id + "': \"revoked\" must be true or false");
        assertThatThrownBy(() -> new KeyValidity(RETIRED, FROM, false))
                .hasMessage("retiredAt (2025-01-01T00:00:00Z) must come after notBefore (2026-01-01T00:00:00Z)");
    }
}
