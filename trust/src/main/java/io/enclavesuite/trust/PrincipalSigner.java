package io.enclavesuite.trust;

import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.receipts.signing.SigningKeyFile;

import java.nio.file.Path;
import java.util.Objects;

/** A principal's own side: its id and private key, signing the envelopes it publishes. */
public record PrincipalSigner(String principal, Ed25519Keys.SigningKey key) {

    public PrincipalSigner {
        if (principal == null || !Principal.ID.matcher(principal).matches()) {
            throw new IllegalArgumentException("principal id '" + principal + "' must be lower-case letters, digits and '-'");
        }
        Objects.requireNonNull(key, "key");
    }

    /** Reads the PKCS#8 PEM private key at {@code keyFile}. */
    public static PrincipalSigner read(String principal, Path keyFile) {
        return new PrincipalSigner(principal, SigningKeyFile.read(keyFile));
    }

    /** The value of the {@link EnvelopeSignature#HEADER} header for a record whose value is {@code value}. */
    public String sign(byte[] value) {
        return EnvelopeSignature.sign(principal, key, value);
    }

    /** The {@code kid} this signer's signatures carry. */
    public String keyId() {
        return principal + "/" + key.verificationKey().keyId();
    }
}
