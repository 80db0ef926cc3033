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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's local sign-in codes, one per person, derived from the machine's secret: the console checks them,
 * {@code enclavectl console-code} prints them, and both do it here so that they cannot drift apart.
 * <p>
 * A person's code says whose it is: their user id, a dot, and a MAC, e.g.
 * {@code U0CAROL.effdd0e70b426a6aaacc2a00f3dce03c}. The MAC is the first {@value #MAC_LENGTH} hex digits (128 bits)
 * of HMAC-SHA256, keyed with the secret file's text (stripped, as UTF-8 bytes), over {@value #DOMAIN} followed by the
 * user id. The prefix keeps these MACs apart from any other use of the same secret. Without enclavectl the same code
 * is
 * <pre>printf %s 'enclave-console-local-sign-in-v1:U0CAROL' \
 *   | openssl dgst -sha256 -r -hmac "$(cat local-sign-in-code)" | cut -c1-32 | sed 's/^/U0CAROL./'</pre>
 * The console takes the person from a code whose MAC it has checked ({@link #verify}), never from anything typed beside
 * it. Whoever holds one person's code can sign in as that person only; the secret itself is the machine owner's.
 */
public final class LocalSignInCodes {

    /** What every MAC's message starts with: these codes, in this version of their derivation. */
    public static final String DOMAIN = "enclave-console-local-sign-in-v1:";
    /** Hex digits of a code's MAC: 128 bits, short enough to paste, far beyond guessing. */
    public static final int MAC_LENGTH = 32;
    /**
     * The longest text looked at as a code: the longest Slack user id (31 characters), the dot and the MAC, with room
     * for spaces pasted around it. Anything longer is no code, and is refused before it is parsed.
     */
    public static final int MAX_INPUT_LENGTH = 128;
    /** The shortest secret accepted in a file: what the console writes is 40 hex digits (160 bits). */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    /** A Slack user id, as enclave-api's {@code UserId} has it (this module does not depend on the API's types). */
    private static final Pattern USER_ID = Pattern.compile("[UW][A-Z0-9]{2,30}");
    /** A MAC as a claim holds it: lower-case hex. */
    private static final Pattern MAC_HEX = Pattern.compile("[0-9a-f]{" + MAC_LENGTH + "}");
    /** A code: the user id it is for, a dot, the MAC in hex (either case, as people paste it). */
    private static final Pattern CODE =
            Pattern.compile("(" + USER_ID.pattern() + ")\\.([0-9a-fA-F]{" + MAC_LENGTH + "})");

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

    /**
     * The code that signs in {@code userId} (a Slack user id, e.g. {@code U0CAROL}) and no one else:
     * {@code <userId>.<mac>}.
     *
     * @throws IllegalArgumentException when {@code userId} is no Slack user id
     */
    public String codeFor(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("a local sign-in code is for a Slack user id (U or W, then capital "
                    + "letters and digits), not for '" + userId + "'");
        }
        return userId + "." + HexFormat.of().formatHex(mac(userId), 0, MAC_LENGTH / 2);
    }

    /**
     * What {@code offered} claims, when it has the form of a code (spaces around it ignored): the user id it names and
     * its MAC, <em>not yet checked</em>. Empty for anything else: no dot, an empty or malformed user id, a MAC of the
     * wrong length, longer than {@value #MAX_INPUT_LENGTH} characters. The claim only says whose code it pretends to
     * be (what a throttle counts wrong tries by); {@link #verify} says whether it is.
     */
    public static Optional<Claim> parse(String offered) {
        if (offered == null || offered.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        Matcher code = CODE.matcher(offered.strip());
        return code.matches() ? Optional.of(new Claim(code.group(1), code.group(2).toLowerCase(Locale.ROOT)))
                : Optional.empty();
    }

    /**
     * The user id {@code offered} signs in: present only when it is a well-formed code whose MAC is this machine's for
     * the user id it names, compared in constant time.
     */
    public Optional<String> verify(String offered) {
        return parse(offered).filter(this::isGenuine).map(Claim::userId);
    }

    /** Whether {@code claim}'s MAC is this machine's for its user id, compared in constant time. */
    public boolean isGenuine(Claim claim) {
        byte[] expected = HexFormat.of().formatHex(mac(claim.userId()), 0, MAC_LENGTH / 2)
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, claim.mac().getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String userId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((DOMAIN + userId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }

    /**
     * What a well-formed code claims, unchecked: the user id it names and its MAC (lower-case hex). Its
     * {@code toString} shows the user id alone, so that a claim logged by mistake leaks no MAC.
     */
    public record Claim(String userId, String mac) {
        public Claim {
            if (userId == null || !USER_ID.matcher(userId).matches()
                    || mac == null || !MAC_HEX.matcher(mac).matches()) {
                throw new IllegalArgumentException("a claim is a Slack user id and " + MAC_LENGTH
                        + " lower-case hex digits");
            }
        }

        @Override
        public String toString() {
            return "Claim[" + userId + ", mac hidden]";
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "LocalSignInCodes[secret hidden]";
    }
}
