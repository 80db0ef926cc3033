package io.enclavesuite.receipts.signing;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A published verification key as a PEM file: a public key ({@code -----BEGIN PUBLIC KEY-----}, what
 * {@code openssl pkey -pubout} writes — the form to keep for retired keys), or the signing key itself, whose
 * public half is taken (the embedded default, where one data folder holds the key).
 */
public final class VerificationKeyFile {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    public static Ed25519Keys.VerificationKey read(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Ed25519 verification key " + file, e);
        }
        try {
            return pem.contains(BEGIN) ? fromPem(pem) : SigningKeyFile.fromPem(pem).verificationKey();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException with the reason, when the text is not an Ed25519 public key */
    public static Ed25519Keys.VerificationKey fromPem(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PEM public key (" + BEGIN + " … " + END + ")");
        }
        AsymmetricKeyParameter key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
            key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM does not hold a public key: " + e.getMessage());
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
            throw new IllegalArgumentException("the key is " + key.getClass().getSimpleName()
                    + ", not Ed25519: the suite signs with Ed25519 only");
        }
        return new Ed25519Keys.VerificationKey(ed25519.getEncoded());
    }

    public static String toPem(Ed25519Keys.VerificationKey key) {
        try {
            byte[] der = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                    new Ed25519PublicKeyParameters(key.encoded(), 0)).getEncoded();
            return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n" + END + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the verification key", e);
        }
    }

    private VerificationKeyFile() {
    }
}
