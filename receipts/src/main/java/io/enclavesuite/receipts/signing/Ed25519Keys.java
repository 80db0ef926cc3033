package io.enclavesuite.receipts.signing;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Ed25519 (RFC 8032) signing and verification for receipts, on Bouncy Castle's low-level API so the bytes signed
 * are exactly the bytes given. A key's id is the base64url SHA-256 of its raw public key, so anyone holding the
 * public key can recompute which key signed a receipt.
 */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** A signing key: its 32-byte private seed and the public key derived from it. */
    public record SigningKey(Ed25519PrivateKeyParameters privateKey) {

        public static SigningKey generate(SecureRandom random) {
            return new SigningKey(new Ed25519PrivateKeyParameters(random));
        }

        public static SigningKey fromSeed(byte[] seed) {
            if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, not " + seed.length);
            }
            return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
        }

        public VerificationKey verificationKey() {
            return new VerificationKey(privateKey.generatePublicKey().getEncoded());
        }

        public byte[] sign(byte[] message) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        }
    }

    /** A public key, as published for verifiers. */
    public record VerificationKey(byte[] encoded) {

        public VerificationKey {
            if (encoded == null || encoded.length != Ed25519PublicKeyParameters.KEY_SIZE) {
                throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
            }
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        /** base64url (no padding) of SHA-256 over the raw public key. */
        public String keyId() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
        }

        /** False for any malformed or non-matching signature; never throws on attacker-controlled input. */
        public boolean verifies(byte[] message, byte[] signature) {
            if (signature == null || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
                return false;
            }
            try {
                Ed25519Signer verifier = new Ed25519Signer();
                verifier.init(false, new Ed25519PublicKeyParameters(encoded, 0));
                verifier.update(message, 0, message.length);
                return verifier.verifySignature(signature);
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof VerificationKey key && java.util.Arrays.equals(encoded, key.encoded);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "VerificationKey[" + keyId() + "]";
        }
    }
}
