package io.enclavesuite.receipts.signing;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The issuer's signing key as a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}), the form {@code openssl genpkey
 * -algorithm ed25519} writes and a Kubernetes Secret mounts. In the embedded default the key is generated on first
 * start into the data folder, readable by its owner only, and read back on every later start.
 */
public final class SigningKeyFile {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    /** Reads the key at {@code file}, or generates it there when there is none yet. */
    public static Ed25519Keys.SigningKey loadOrCreate(Path file, SecureRandom random) {
        if (Files.exists(file)) {
            return read(file);
        }
        Ed25519Keys.SigningKey key = Ed25519Keys.SigningKey.generate(random);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".receipt-key", ".pem");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.writeString(temporary, toPem(key), StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file); // never replaces a key another process wrote meanwhile
            } catch (FileAlreadyExistsException e) {
                Files.delete(temporary);
                return read(file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the receipt signing key to " + file, e);
        }
    }

    public static Ed25519Keys.SigningKey read(Path file) {
        try {
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the receipt signing key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not a PKCS#8 Ed25519 private key */
    public static Ed25519Keys.SigningKey fromPem(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (" + BEGIN + " … " + END + ")");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold a private key: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
            throw new IllegalArgumentException("the key is " + key.getClass().getSimpleName()
                    + ", not Ed25519: receipts are signed with Ed25519 only");
        }
        return new Ed25519Keys.SigningKey(ed25519);
    }

    public static String toPem(Ed25519Keys.SigningKey key) {
        try {
            byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateKey()).getEncoded();
            return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n" + END + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the signing key", e);
        }
    }

    private SigningKeyFile() {
    }
}
