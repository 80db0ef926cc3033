package io.enclavesuite.trust;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * What a command answers in confidence — a deprovision confirmation code — sealed to the one who asked, so the
 * results topic, its dead letters and the processed-command table hold only ciphertext. The requester puts a fresh
 * X25519 public key (its <em>reply key</em>) in the signed envelope; the write side seals the answer to it with HPKE
 * (RFC 9180, base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM), the command id bound as the
 * context's info, and only the holder of the private half opens it.
 */
public final class SealedAnswers {

    private static final byte[] DOMAIN = "enclave-suite/answer\n".getBytes(StandardCharsets.US_ASCII);
    private static final int X25519_KEY_BYTES = 32;
    private static final byte[] NO_AAD = new byte[0];

    private SealedAnswers() {
    }

    private static HPKE hpke() {
        return HpkeWire.suite();
    }

    /** A requester's side: the key pair whose public half goes into the envelope, kept to open the answer. */
    public static final class ReplyKey {

        private final AsymmetricCipherKeyPair pair;

        private ReplyKey(AsymmetricCipherKeyPair pair) {
            this.pair = pair;
        }

        public static ReplyKey generate() {
            return new ReplyKey(hpke().generatePrivateKey());
        }

        /**
         * The key pair derived from {@code seed} (RFC 9180's DeriveKeyPair): every process holding the same seed holds
         * the same key, so the replicas of one requester can each open what was sealed to any of them.
         *
         * @throws IllegalArgumentException when the seed has fewer than 32 bytes
         */
        public static ReplyKey derive(byte[] seed) {
            if (seed == null || seed.length < X25519_KEY_BYTES) {
                throw new IllegalArgumentException("a reply key's seed has at least " + X25519_KEY_BYTES + " bytes");
            }
            return new ReplyKey(hpke().deriveKeyPair(seed));
        }

        /** base64url (no padding) of the raw X25519 public key: the envelope's {@code replyKey}. */
        public String publicKey() {
            return HpkeWire.encode(hpke().serializePublicKey(pair.getPublic()));
        }

        /**
         * The plaintext of an answer sealed to this key for {@code commandId}.
         *
         * @throws IllegalArgumentException when it was sealed to another key, for another command, or altered
         */
        public byte[] open(String sealed, UUID commandId) {
            byte[] bytes = decode(sealed, "sealed answer");
            if (!HpkeWire.holdsCiphertext(bytes)) {
                throw new IllegalArgumentException("the sealed answer is too short");
            }
            try {
                return HpkeWire.open(bytes, pair, info(commandId), NO_AAD);
            } catch (InvalidCipherTextException | RuntimeException e) {
                throw new IllegalArgumentException("the sealed answer does not open with this reply key: it was sealed"
                        + " to another key (an earlier attempt's?) or for another command");
            }
        }
    }

    /** Whether {@code replyKey} is a well-formed reply key; the reason otherwise. */
    public static java.util.Optional<String> problem(String replyKey) {
        try {
            byte[] raw = decode(replyKey, "replyKey");
            if (raw.length != X25519_KEY_BYTES) {
                return java.util.Optional.of("replyKey must be a 32-byte X25519 public key, base64url; it has "
                        + raw.length + " bytes");
            }
            hpke().deserializePublicKey(raw);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** {@code plaintext} sealed to {@code replyKey} for {@code commandId}: base64url of the encapsulated key and the ciphertext. */
    public static String seal(String replyKey, UUID commandId, byte[] plaintext) {
        AsymmetricKeyParameter recipient = hpke().deserializePublicKey(decode(replyKey, "replyKey"));
        return HpkeWire.seal(recipient, info(commandId), NO_AAD, plaintext);
    }

    private static byte[] info(UUID commandId) {
        byte[] id = commandId.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] info = Arrays.copyOf(DOMAIN, DOMAIN.length + id.length);
        System.arraycopy(id, 0, info, DOMAIN.length, id.length);
        return info;
    }

    private static byte[] decode(String text, String what) {
        return HpkeWire.decode(text, what);
    }
}
