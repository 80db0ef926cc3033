package io.enclavesuite.trust;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.text.ParseException;
import java.time.Instant;
import java.util.Set;

/**
 * The suite's one construction for signed commands: a JWS (RFC 7515) in compact serialisation with a detached
 * payload (appendix F: {@code header..signature}), algorithm EdDSA over Ed25519 (RFC 8037), the payload being the
 * Kafka record value's exact bytes. The protected header names the key ({@code kid} = {@code <principal>/<key
 * thumbprint>}) and the type {@value #TYPE}, so a signature made for anything else — a token, a receipt — is never
 * taken for a command's. Ed25519 itself runs on Bouncy Castle, as the receipts' signatures do (Nimbus's own EdDSA
 * signer would need Tink).
 */
public final class EnvelopeSignature {

    /** The Kafka record header holding the signature. */
    public static final String HEADER = "enclave-signature";
    public static final String TYPE = "enclave-command+jws";
    private static final JOSEObjectType JOSE_TYPE = new JOSEObjectType(TYPE);

    private EnvelopeSignature() {
    }

    /** The detached JWS over {@code value}, signed by {@code principal} with {@code key}. */
    public static String sign(String principal, Ed25519Keys.SigningKey key, byte[] value) {
        String kid = principal + "/" + key.verificationKey().keyId();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid).type(JOSE_TYPE).build(),
                new Payload(value));
        try {
            jws.sign(new Signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Ed25519 signing cannot fail on a valid key", e);
        }
        return jws.serialize(true);
    }

    /**
     * Who signed {@code value}: the registry's principal whose key made {@code signature}, valid at {@code at}.
     *
     * @param signature the header's text, or null when the record has none
     * @throws UntrustedEnvelope with the reason, for anything else
     */
    public static Principal verify(PrincipalRegistry registry, String signature, byte[] value, Instant at) {
        if (signature == null || signature.isBlank()) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.UNSIGNED,
                    "unsigned envelope: every command must carry a " + HEADER + " header signed by a registered principal");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(signature, new Payload(value));
        } catch (ParseException | RuntimeException e) {
            // Nimbus fails on some malformed headers with a NullPointerException (a JSON "null" header, say)
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.MALFORMED_SIGNATURE,
                    "the " + HEADER + " header is not a detached JWS"
                            + (e instanceof ParseException ? ": " + e.getMessage() : ""));
        }
        JWSHeader header = jws.getHeader();
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || !JOSE_TYPE.equals(header.getType())
                || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.MALFORMED_SIGNATURE, "the signature must be alg EdDSA, typ "
                    + TYPE + ", without critical parameters");
        }
        Principal principal = registry.signerOf(header.getKeyID(), at);
        boolean valid;
        try {
            valid = jws.verify(new Verifier(registry.key(header.getKeyID()).key()));
        } catch (JOSEException | IllegalStateException e) {
            valid = false;
        }
        if (!valid) {
            throw new UntrustedEnvelope(UntrustedEnvelope.Kind.BAD_SIGNATURE, "the signature does not match the envelope"
                    + " and key " + header.getKeyID());
        }
        return principal;
    }

    private record Signer(Ed25519Keys.SigningKey key) implements JWSSigner {
        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) {
            return Base64URL.encode(key.sign(signingInput));
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }

    private record Verifier(Ed25519Keys.VerificationKey key) implements JWSVerifier {
        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
            byte[] bytes = signature.decode();
            // One text per signature: base64url's unused trailing bits would otherwise let the same signature travel
            // under other spellings.
            return Base64URL.encode(bytes).toString().equals(signature.toString()) && key.verifies(signingInput, bytes);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
