package io.enclavesuite.auth;

import io.enclavesuite.receipts.signing.KeyFiles;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The console's local sign-in codes, one per person, derived from the machine's secret: the console checks them,
 * {@code enclavectl console-code} prints them, and both do it here so that they cannot drift apart.
 * <p>
 * A person's code is the first {@value #CODE_LENGTH} hex digits (128 bits) of HMAC-SHA256, keyed with the secret
 * file's text (stripped, as UTF-8 bytes), over {@value #DOMAIN} followed by the user id. The prefix keeps these MACs
 * apart from any other use of the same secret. Without enclavectl the same code is
 * <pre>printf %s 'enclave-console-local-sign-in-v1:U0CAROL' \
 *   | openssl dgst -sha256 -r -hmac "$(cat local-sign-in-code)" | cut -c1-32</pre>
 * Whoever holds one person's code can sign in as that person only; the secret itself is the machine owner's.
 */
public final class LocalSignInCodes {

    /** What every MAC's message starts with: these codes, in this version of their derivation. */
    public static final String DOMAIN = "enclave-console-local-sign-in-v1:";
    /** Hex digits of a code: 128 bits, short enough to paste, far beyond guessing. */
    public static final int CODE_LENGTH = 32;
    /** The shortest secret accepted in a file: what the console writes is 40 hex digits (160 bits). */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private LocalSignInCodes(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** @throws IllegalArgumentException when the secret is shorter than {@value #MIN_SECRET_LENGTH} characters */
    public static LocalSignInCodes of(String secret) {
        String stripped = secret.strip();
        if (stripped.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("a local sign-in secret has at least " + MIN_SECRET_LENGTH
                    + " characters, not " + stripped.length());
        }
        return new LocalSignInCodes(stripped);
    }

    /**
     * The machine's secret in {@code file}; never creates it.
     *
     * @throws UncheckedIOException     when the file cannot be read (a missing file: {@link NoSuchFileException})
     * @throws IllegalArgumentException with the file and the reason, when its secret is too short
     */
    public static LocalSignInCodes read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local sign-in secret " + file, e);
        }
        try {
            return of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage() + "; delete it and the console makes a "
                    + "new one at its next start (every person's code changes with it)", e);
        }
    }

    /** The secret in {@code file}, or a new random one written there owner-only when there is none yet. */
    public static LocalSignInCodes loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        String made = HexFormat.of().formatHex(random);
        try {
            // another process may have made it first: then its secret is the one
            return KeyFiles.createOwnerOnly(file, made + "\n") ? of(made) : read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local sign-in secret to " + file, e);
        }
    }

    /** The code that signs in {@code userId} (a Slack user id, e.g. {@code U0CAROL}) and no one else. */
    public String codeFor(String userId) {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a local sign-in code is for a user id, not for nobody");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] tag = mac.doFinal((DOMAIN + userId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(tag).substring(0, CODE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }

    /**
     * Whether {@code offered} is {@code userId}'s code: compared in constant time, spaces around it and the case of its
     * hex digits ignored.
     */
    public boolean accepts(String userId, String offered) {
        if (offered == null) {
            return false;
        }
        byte[] expected = codeFor(userId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = offered.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "LocalSignInCodes[secret hidden]";
    }
}
