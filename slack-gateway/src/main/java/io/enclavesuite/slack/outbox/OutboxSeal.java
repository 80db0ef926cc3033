package io.enclavesuite.slack.outbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * The outbox row's proof that the gateway wrote it. The relay signs what it publishes as the gateway's principal,
 * so a row anyone else could write — with write access to the gateway's schema, but not its secrets — would speak
 * for any Slack user. Each row carries an HMAC-SHA256 over its fields, keyed with a key derived from the Slack signing
 * secret (which every replica holds and the database never does); a row whose seal does not match is not published.
 * Rows sealed before the signing secret changed do not match either: rotate it with an empty outbox.
 */
final class OutboxSeal {

    /** Domain separation: this key signs nothing but outbox rows, and Slack's own signatures start "v0:". */
    private static final byte[] LABEL = "enclave-suite/slack-gateway/command-outbox/v1".getBytes(StandardCharsets.UTF_8);
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    OutboxSeal(String signingSecret) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("the outbox seal needs the signing secret");
        }
        this.key = new SecretKeySpec(mac(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), HMAC),
                LABEL), HMAC);
    }

    /** The seal of these fields, in this order (base64url, 43 characters). */
    String seal(List<String> fields) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, encode(fields)));
    }

    boolean matches(List<String> fields, String seal) {
        return seal != null && MessageDigest.isEqual(seal(fields).getBytes(StandardCharsets.US_ASCII),
                seal.getBytes(StandardCharsets.US_ASCII));
    }

    /** Each field length-prefixed (-1 for none), so no two lists of fields encode alike. */
    private static byte[] encode(List<String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : fields) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(field == null ? -1 : bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
