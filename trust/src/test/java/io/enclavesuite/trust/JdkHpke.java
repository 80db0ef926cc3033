package io.enclavesuite.trust;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;

/**
 * RFC 9180 HPKE, base mode, DHKEM(X25519, HKDF-SHA256) with HKDF-SHA256 and AES-GCM, written from the RFC with nothing
 * but the JDK's own XDH, HmacSHA256 and AES/GCM — no Bouncy Castle — so that a test can show {@link RoomSeals} speaks
 * the standard and not merely its library's dialect. It checks itself against the RFC's vectors
 * ({@code JdkHpkeTest}). Section numbers are RFC 9180's.
 */
final class JdkHpke {

    static final int KEM_X25519_HKDF_SHA256 = 0x0020;
    static final int KDF_HKDF_SHA256 = 0x0001;
    static final int AEAD_AES_128_GCM = 0x0001;
    static final int AEAD_AES_256_GCM = 0x0002;

    private static final byte[] VERSION = ascii("HPKE-v1");
    private static final byte[] KEM_SUITE = concat(ascii("KEM"), i2osp(KEM_X25519_HKDF_SHA256, 2));
    private static final int N_SECRET = 32;
    private static final int N_H = 32;
    private static final int N_N = 12;
    private static final int X25519_BYTES = 32;
    private static final byte MODE_BASE = 0x00;

    private final byte[] suiteId;
    private final int keyLength;

    private JdkHpke(int aeadId) {
        this.suiteId = concat(ascii("HPKE"), i2osp(KEM_X25519_HKDF_SHA256, 2), i2osp(KDF_HKDF_SHA256, 2), i2osp(aeadId, 2));
        this.keyLength = switch (aeadId) {
            case AEAD_AES_128_GCM -> 16;
            case AEAD_AES_256_GCM -> 32;
            default -> throw new IllegalArgumentException("AEAD " + aeadId + " is not AES-GCM");
        };
    }

    static JdkHpke withAead(int aeadId) {
        return new JdkHpke(aeadId);
    }

    /** The suite {@link RoomSeals} uses. */
    static JdkHpke aes256Gcm() {
        return new JdkHpke(AEAD_AES_256_GCM);
    }

    // --- the KEM: DHKEM(X25519, HKDF-SHA256), §4.1 and §7.1 ----------------------------------------------------

    /** A raw X25519 key pair: 32-byte scalar and 32-byte u-coordinate, both little-endian as RFC 7748 writes them. */
    record KeyPair(byte[] privateKey, byte[] publicKey) {
    }

    static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
            generator.initialize(NamedParameterSpec.X25519);
            byte[] scalar = ((XECPrivateKey) generator.generateKeyPair().getPrivate()).getScalar().orElseThrow();
            return new KeyPair(scalar, publicKeyOf(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** §7.1.3: DeriveKeyPair for X25519 — the expanded ikm is the private key as it stands. */
    static KeyPair deriveKeyPair(byte[] ikm) {
        byte[] prk = labeledExtract(KEM_SUITE, new byte[0], "dkp_prk", ikm);
        byte[] sk = labeledExpand(KEM_SUITE, prk, "sk", new byte[0], X25519_BYTES);
        return new KeyPair(sk, publicKeyOf(sk));
    }

    /** The public key is X25519(sk, 9): the scalar times the base point. */
    static byte[] publicKeyOf(byte[] privateKey) {
        byte[] basePoint = new byte[X25519_BYTES];
        basePoint[0] = 9;
        return x25519(privateKey, basePoint);
    }

    static byte[] x25519(byte[] privateKey, byte[] publicKey) {
        if (publicKey.length != X25519_BYTES || privateKey.length != X25519_BYTES) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
        try {
            KeyFactory keys = KeyFactory.getInstance("XDH");
            PrivateKey sk = keys.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
            PublicKey pk = keys.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(sk);
            agreement.doPhase(pk, true);
            return agreement.generateSecret(); // the JDK refuses an all-zero result (a small-order point), as §7.1.4 asks
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 failed: " + e.getMessage(), e);
        }
    }

    /** RFC 7748 §5: little-endian, the top bit of the last byte masked. */
    private static BigInteger decodeU(byte[] u) {
        byte[] bigEndian = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            bigEndian[i] = u[u.length - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        return new BigInteger(1, bigEndian);
    }

    /** §4.1 Encap with a given ephemeral pair (§4.1's random one, or a vector's): the shared secret and enc. */
    static byte[][] encap(byte[] recipientPublicKey, KeyPair ephemeral) {
        byte[] dh = x25519(ephemeral.privateKey(), recipientPublicKey);
        byte[] enc = ephemeral.publicKey();
        return new byte[][] {extractAndExpand(dh, concat(enc, recipientPublicKey)), enc};
    }

    static byte[] decap(byte[] enc, KeyPair recipient) {
        byte[] dh = x25519(recipient.privateKey(), enc);
        return extractAndExpand(dh, concat(enc, recipient.publicKey()));
    }

    private static byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
        byte[] prk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
        return labeledExpand(KEM_SUITE, prk, "shared_secret", kemContext, N_SECRET);
    }

    // --- the key schedule, §5.1, base mode (no PSK) -------------------------------------------------------------

    /** What §5.1's KeyScheduleS/R compute, kept whole so a test can hold each value against the RFC's. */
    record KeySchedule(byte[] sharedSecret, byte[] keyScheduleContext, byte[] secret, byte[] key, byte[] baseNonce,
                       byte[] exporterSecret) {
    }

    KeySchedule keySchedule(byte[] sharedSecret, byte[] info) {
        byte[] pskIdHash = labeledExtract(suiteId, new byte[0], "psk_id_hash", new byte[0]);
        byte[] infoHash = labeledExtract(suiteId, new byte[0], "info_hash", info);
        byte[] context = concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
        byte[] secret = labeledExtract(suiteId, sharedSecret, "secret", new byte[0]);
        return new KeySchedule(sharedSecret, context, secret,
                labeledExpand(suiteId, secret, "key", context, keyLength),
                labeledExpand(suiteId, secret, "base_nonce", context, N_N),
                labeledExpand(suiteId, secret, "exp", context, N_H));
    }

    /** §5.1.1 SetupBaseS with the given ephemeral pair. */
    Sender setupBaseS(byte[] recipientPublicKey, byte[] info, KeyPair ephemeral) {
        byte[][] encapsulated = encap(recipientPublicKey, ephemeral);
        return new Sender(encapsulated[1], new Context(keySchedule(encapsulated[0], info)));
    }

    Context setupBaseR(byte[] enc, KeyPair recipient, byte[] info) {
        return new Context(keySchedule(decap(enc, recipient), info));
    }

    record Sender(byte[] enc, Context context) {
    }

    /** §5.2 and §5.3: one context's AEAD under a nonce that counts its messages, and its exporter. */
    final class Context {

        private final KeySchedule schedule;
        private long sequence;

        private Context(KeySchedule schedule) {
            this.schedule = schedule;
        }

        KeySchedule schedule() {
            return schedule;
        }

        byte[] seal(byte[] aad, byte[] plaintext) {
            return aead(Cipher.ENCRYPT_MODE, aad, plaintext);
        }

        byte[] open(byte[] aad, byte[] ciphertext) {
            return aead(Cipher.DECRYPT_MODE, aad, ciphertext);
        }

        byte[] export(byte[] exporterContext, int length) {
            return labeledExpand(suiteId, schedule.exporterSecret(), "sec", exporterContext, length);
        }

        private byte[] aead(int mode, byte[] aad, byte[] input) {
            byte[] nonce = schedule.baseNonce().clone();
            byte[] seq = i2osp(sequence, N_N);
            for (int i = 0; i < N_N; i++) {
                nonce[i] ^= seq[i];
            }
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(mode, new SecretKeySpec(schedule.key(), "AES"), new GCMParameterSpec(128, nonce));
                cipher.updateAAD(aad);
                byte[] output = cipher.doFinal(input);
                sequence++; // §5.2: only a message that went through moves the count on
                return output;
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("AES-GCM refused the message: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    // --- single-shot, §6.1 --------------------------------------------------------------------------------------

    /** Seal with a fresh ephemeral key: enc and the ciphertext. */
    byte[][] seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext) {
        Sender sender = setupBaseS(recipientPublicKey, info, generateKeyPair());
        return new byte[][] {sender.enc(), sender.context().seal(aad, plaintext)};
    }

    byte[] open(byte[] enc, KeyPair recipient, byte[] info, byte[] aad, byte[] ciphertext) {
        return setupBaseR(enc, recipient, info).open(aad, ciphertext);
    }

    // --- HKDF-SHA256 (RFC 5869) and §4's labelled forms ---------------------------------------------------------

    private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) {
        return extract(salt, concat(VERSION, suite, ascii(label), ikm));
    }

    private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) {
        return expand(prk, concat(i2osp(length, 2), VERSION, suite, ascii(label), info), length);
    }

    private static byte[] extract(byte[] salt, byte[] ikm) {
        // RFC 5869: an absent salt is HashLen zeros (which is also what HMAC makes of an empty key)
        return hmac(salt.length == 0 ? new byte[N_H] : salt, ikm);
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length > 255 * N_H) {
            throw new IllegalArgumentException("HKDF-Expand gives at most 255 blocks");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[0];
        for (int i = 1; out.size() < length; i++) {
            block = hmac(prk, concat(block, info, new byte[] {(byte) i}));
            out.writeBytes(block);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] i2osp(long value, int length) {
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0 && value != 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
