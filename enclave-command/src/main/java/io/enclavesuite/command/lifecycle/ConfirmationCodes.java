package io.enclavesuite.command.lifecycle;

import io.enclavesuite.api.enclave.EnclaveId;

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
 * event keeps only {@link #hash} — salted with the enclave's name, so equal codes of two enclaves differ.
 */
public class ConfirmationCodes {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Supplier<String> source;

    public ConfirmationCodes() {
        SecureRandom random = new SecureRandom();
        this.source = () -> {
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

    /** For tests: a fixed sequence of codes. */
    public ConfirmationCodes(Supplier<String> source) {
        this.source = source;
    }

    public String next() {
        return source.get();
    }

    /** People type codes: case and a missing dash do not matter. */
    public static String hash(EnclaveId enclave, String code) {
        String normalised = code.trim().toUpperCase(Locale.ROOT).replace("-", "");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((enclave.value() + ":" + normalised).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
