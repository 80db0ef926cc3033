package io.enclavesuite.trust;

import io.enclavesuite.receipts.signing.Ed25519Keys;

import java.time.Instant;
import java.util.Objects;

/**
 * One public key of a principal and when it may sign: a rotated-out key stays valid until {@code notAfter}, so
 * envelopes signed just before a rotation are still taken; a revoked key is never valid (see
 * {@link PrincipalRegistry#revoked()}).
 *
 * @param notBefore null: from the start
 * @param notAfter  null: until removed
 * @param source    where the key was read from, for log lines and refusals
 */
public record PrincipalKey(Ed25519Keys.VerificationKey key, Instant notBefore, Instant notAfter, String source) {

    public PrincipalKey {
        Objects.requireNonNull(key, "key");
        if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("a key's not-before (" + notBefore + ") must precede its not-after ("
                    + notAfter + ")");
        }
    }

    /** base64url SHA-256 of the raw public key: the part of the JWS {@code kid} after the principal's id. */
    public String thumbprint() {
        return key.keyId();
    }

    public boolean validAt(Instant at) {
        return (notBefore == null || !at.isBefore(notBefore)) && (notAfter == null || at.isBefore(notAfter));
    }
}
