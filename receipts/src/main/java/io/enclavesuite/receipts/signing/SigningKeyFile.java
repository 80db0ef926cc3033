package io.enclavesuite.receipts.signing;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The issuer's signing key as a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}), the form {@code openssl genpkey
 * -algorithm ed25519} writes and a Kubernetes Secret mounts. In the embedded default the key is generated on first
 * start into the data folder, readable by its owner only, and read back on every later start.
 */
public final class SigningKeyFile {

    private static final String LABEL = "PRIVATE KEY";

    /** Reads the key at {@code file}, or generates it there when there is none yet. */
    public static Ed25519Keys.SigningKey loadOrCreate(Path file, SecureRandom random) {
        if (Files.exists(file)) {
            return read(file);
        }
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(random);
        try {
            return KeyFiles.createOwnerOnly(file, toPem(key)) ? key : read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Ed25519 signing key to " + file, e);
        }
    }

    public static Ed25519Keys.SigningKey read(Path file) {
        try {
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Ed25519 signing key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not a PKCS#8 Ed25519 private key */
    public static Ed25519Keys.SigningKey fromPem(String pem) {
        byte[] der = KeyFiles.fromPem(LABEL, pem).orElseThrow(() -> new IllegalArgumentException(
                "not a PKCS#8 PEM private key (-----BEGIN " + LABEL + "----- … -----END " + LABEL + "-----)"));
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold a private key: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new IllegalArgumentException("the key is " + key.getClass().getSimpleName()
                    + ", not Ed25519: the suite signs with Ed25519 only");
        }
        return new Ed25519Keys.SigningKey(ed25519);
    }

    public static String toPem(Ed25519Keys.SigningKey key) {
        try {
            return KeyFiles.toPem(LABEL, PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateKey()).getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the signing key", e);
        }
    }

    private SigningKeyFile() {
    }
}
