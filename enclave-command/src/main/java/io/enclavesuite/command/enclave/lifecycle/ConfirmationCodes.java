package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.database.CredentialKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Deprovision confirmation codes: eight characters of Crockford's base-32 (no I, L, O, U to misread), shown as
 * {@code XXXX-XXXX}. Randomness stays out of the aggregate's decision: the aggregate asks this for a code, and the
 * event keeps only {@link #hash} — an HMAC keyed by the suite's credential key, so the 40 bits of a code cannot be
 * searched for from the event stream, its history or its backups, which the plain hash of earlier events allowed.
 */
public class ConfirmationCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final String KEYED = "hmac-sha256:";

    private final CredentialKey key;
    private final Supplier<String> source;

    public ConfirmationCodes(CredentialKey key) {
        this(key, randomCodes(new SecureRandom()));
    }

    /** For tests: a fixed sequence of codes. */
    public ConfirmationCodes(CredentialKey key, Supplier<String> source) {
        this.key = key;
        this.source = source;
    }

    private static Supplier<String> randomCodes(SecureRandom random) {
        return () -> {
            StringBuilder code = new StringBuilder(9);
            for (int i = 0; i < 8; i++) {
                if (i == 4) {
                    code.append('-');
                }
                code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            return code.toString();
        };
    }

    public String next() {
        return source.get();
    }

    /** What the event keeps of a code: keyed, and salted with the enclave's name. */
    public String hash(EnclaveId enclave, String code) {
        return KEYED + key.derive("deprovision-code", enclave.value() + ":" + normalised(code));
    }

    /** Whether {@code code} is the one whose hash was kept (keyed, or the plain SHA-256 of events before keying). */
    public boolean matches(EnclaveId enclave, String kept, String code) {
        String candidate = kept.startsWith(KEYED) ? hash(enclave, code) : unkeyed(enclave, code);
        return MessageDigest.isEqual(kept.getBytes(StandardCharsets.US_ASCII),
                candidate.getBytes(StandardCharsets.US_ASCII));
    }

    /** People type codes: case and a missing dash do not matter. */
    private static String normalised(String code) {
        return code.trim().toUpperCase(Locale.ROOT).replace("-", "");
    }

    /** The hash events stored before codes were keyed. */
    static String unkeyed(EnclaveId enclave, String code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((enclave.value() + ":" + normalised(code)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
