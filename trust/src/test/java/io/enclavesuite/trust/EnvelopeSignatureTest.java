package io.enclavesuite.trust;

import io.enclavesuite.receipts.signing.Ed25519Keys;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeSignatureTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Ed25519Keys.SigningKey GATEWAY_KEY = Ed25519Keys.SigningKey.generate(RANDOM);
    private static final Ed25519Keys.SigningKey OTHER_KEY = Ed25519Keys.SigningKey.generate(RANDOM);
    private static final byte[] VALUE = "{\"commandId\":\"1\",\"type\":\"FreezeEnclave\"}".getBytes(StandardCharsets.UTF_8);

    private static PrincipalRegistry registry(Set<String> revoked, PrincipalKey... keys) {
        return PrincipalRegistry.of(List.of(new Principal("slack-gateway", Set.of("*"),
                ActsFor.parse("slack-users", Set.of()), List.of(keys))), revoked);
    }

    private static PrincipalKey key(Ed25519Keys.SigningKey key) {
        return new PrincipalKey(key.verificationKey(), null, null, "test");
    }

    private static final PrincipalRegistry REGISTRY = registry(Set.of(), key(GATEWAY_KEY));

    @Test
    void theRegisteredKeysSignatureNamesItsPrincipal() {
        String signature = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);

        assertThat(EnvelopeSignature.verify(REGISTRY, signature, VALUE, NOW).id()).isEqualTo("slack-gateway");
        assertThat(signature).contains("..").doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(VALUE));
    }

    @Test
    void aMissingSignatureIsUnsigned() {
        assertRefused(null, VALUE, REGISTRY, UntrustedEnvelope.Kind.UNSIGNED);
        assertRefused("  ", VALUE, REGISTRY, UntrustedEnvelope.Kind.UNSIGNED);
    }

    @Test
    void oneChangedByteBreaksTheSignature() {
        String signature = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);
        byte[] changed = VALUE.clone();
        changed[changed.length - 3] ^= 1;

        assertRefused(signature, changed, REGISTRY, UntrustedEnvelope.Kind.BAD_SIGNATURE);
    }

    @Test
    void aKeyOfNoRegisteredPrincipalIsUnknown() {
        assertRefused(EnvelopeSignature.sign("slack-gateway", OTHER_KEY, VALUE), VALUE, REGISTRY,
                UntrustedEnvelope.Kind.UNKNOWN_KEY);
        assertRefused(EnvelopeSignature.sign("mallory", GATEWAY_KEY, VALUE), VALUE, REGISTRY,
                UntrustedEnvelope.Kind.UNKNOWN_KEY);
    }

    @Test
    void aSignatureClaimingAnotherPrincipalsKeyDoesNotVerify() {
        // Mallory signs with her own key but names the gateway's key id in the header
        String honest = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);
        String forged = EnvelopeSignature.sign("slack-gateway", OTHER_KEY, VALUE);
        String spliced = honest.substring(0, honest.indexOf('.')) + forged.substring(forged.indexOf('.'));

        assertRefused(spliced, VALUE, REGISTRY, UntrustedEnvelope.Kind.BAD_SIGNATURE);
    }

    @Test
    void aRevokedKeyIsRefusedWhateverItsWindow() {
        PrincipalRegistry revoked = registry(Set.of(GATEWAY_KEY.verificationKey().keyId()), key(GATEWAY_KEY));

        assertRefused(EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE), VALUE, revoked,
                UntrustedEnvelope.Kind.REVOKED_KEY);
    }

    @Test
    void aRotatedOutKeySignsOnlyInsideItsWindow() {
        PrincipalRegistry rotated = registry(Set.of(), new PrincipalKey(GATEWAY_KEY.verificationKey(), null,
                NOW, "old"), new PrincipalKey(OTHER_KEY.verificationKey(), NOW.minusSeconds(60), null, "new"));
        String old = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);

        assertThat(EnvelopeSignature.verify(rotated, old, VALUE, NOW.minusSeconds(1)).id()).isEqualTo("slack-gateway");
        assertRefused(old, VALUE, rotated, UntrustedEnvelope.Kind.KEY_NOT_VALID);
        assertThat(EnvelopeSignature.verify(rotated, EnvelopeSignature.sign("slack-gateway", OTHER_KEY, VALUE), VALUE,
                NOW).id()).isEqualTo("slack-gateway");
    }

    @Test
    void aSignatureOfAnotherTypeOrAlgorithmIsRefused() {
        String kid = "slack-gateway/" + GATEWAY_KEY.verificationKey().keyId();
        for (String header : List.of("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}",
                "{\"alg\":\"none\",\"kid\":\"" + kid + "\",\"typ\":\"enclave-command+jws\"}",
                "{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}",
                "{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"enclave-command+jws\",\"crit\":[\"b64\"],\"b64\":false}")) {
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
            byte[] input = (encoded + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(VALUE))
                    .getBytes(StandardCharsets.US_ASCII);
            String jws = encoded + ".." + Base64.getUrlEncoder().withoutPadding().encodeToString(GATEWAY_KEY.sign(input));

            assertRefused(jws, VALUE, REGISTRY, UntrustedEnvelope.Kind.MALFORMED_SIGNATURE);
        }
    }

    /** Whatever an attacker puts in the header, the answer is a refusal with a reason, never an exception of another kind. */
    @Property(tries = 300)
    void arbitraryHeadersAreRefusedNeverThrown(@ForAll("headers") String header) {
        assertThatThrownBy(() -> EnvelopeSignature.verify(REGISTRY, header, VALUE, NOW))
                .isInstanceOf(UntrustedEnvelope.class).hasMessageNotContaining("null");
    }

    /** The last character of a signature carries unused bits: another spelling of the same bytes is not accepted. */
    @Test
    void aSignatureSpelledAnotherWayIsRefused() {
        String signature = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);
        String head = signature.substring(0, signature.length() - 1);
        byte[] bytes = Base64.getUrlDecoder().decode(signature.substring(signature.lastIndexOf('.') + 1));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        java.util.List<String> respellings = alphabet.chars().mapToObj(c -> head + (char) c)
                .filter(other -> !other.equals(signature))
                .filter(other -> java.util.Arrays.equals(bytes,
                        Base64.getUrlDecoder().decode(other.substring(other.lastIndexOf('.') + 1))))
                .toList();

        assertThat(respellings).isNotEmpty();
        assertThat(EnvelopeSignature.verify(REGISTRY, signature, VALUE, NOW).id()).isEqualTo("slack-gateway");
        respellings.forEach(other -> assertThatThrownBy(() -> EnvelopeSignature.verify(REGISTRY, other, VALUE, NOW))
                .isInstanceOf(UntrustedEnvelope.class));
    }

    @Property(tries = 300)
    void anyFlippedBitOfTheSignatureOrTheValueIsRefused(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                                         @ForAll boolean inValue) {
        String signature = EnvelopeSignature.sign("slack-gateway", GATEWAY_KEY, VALUE);
        byte[] value = VALUE.clone();
        char[] jws = signature.toCharArray();
        if (inValue) {
            value[position % value.length] ^= (byte) (1 << (position % 8));
        } else {
            int i = position % jws.length;
            jws[i] = jws[i] == 'A' ? 'B' : 'A';
            if (String.valueOf(jws).equals(signature)) {
                return;
            }
        }
        assertThatThrownBy(() -> EnvelopeSignature.verify(REGISTRY, String.valueOf(jws), value, NOW))
                .isInstanceOf(UntrustedEnvelope.class);
    }

    @Provide
    Arbitrary<String> headers() {
        String kid = "slack-gateway/" + GATEWAY_KEY.verificationKey().keyId();
        Arbitrary<String> json = Arbitraries.of("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\",\"typ\":\"enclave-command+jws\"}",
                "{\"alg\":\"EdDSA\"}", "{}", "[]", "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}", "null");
        Arbitrary<String> encodedJson = json.map(h -> Base64.getUrlEncoder().withoutPadding()
                .encodeToString(h.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> signature = Arbitraries.strings().withCharRange('-', 'z').ofMaxLength(120);
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                net.jqwik.api.Combinators.combine(encodedJson, signature).as((h, s) -> h + ".." + s),
                net.jqwik.api.Combinators.combine(encodedJson, signature).as((h, s) -> h + "." + s + "." + s),
                signature.map(s -> s + ".." + s));
    }

    private static void assertRefused(String signature, byte[] value, PrincipalRegistry registry,
                                      UntrustedEnvelope.Kind kind) {
        assertThatThrownBy(() -> EnvelopeSignature.verify(registry, signature, value, NOW))
                .isInstanceOfSatisfying(UntrustedEnvelope.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
