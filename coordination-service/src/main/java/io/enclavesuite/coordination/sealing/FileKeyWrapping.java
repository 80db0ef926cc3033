package io.enclavesuite.coordination.sealing;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Room keys wrapped with AES-256-GCM under 256-bit KEKs read from files outside the database (in Kubernetes, a
 * mounted Secret). The first KEK wraps; the others only unwrap, until a rotation has re-wrapped their keys. A KEK's id
 * is the first 8 bytes of its SHA-256, hex: it names the KEK without disclosing it. The room id is the associated
 * data, so a wrapped key copied into another room's row does not unwrap.
 */
public class FileKeyWrapping implements KeyWrapping {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKeySpec> keks = new LinkedHashMap<>();
    private final String current;
    private final SecureRandom random = new SecureRandom();

    /** @param keks the raw 32-byte KEKs, the current one first */
    public FileKeyWrapping(List<byte[]> keks) {
        if (keks.isEmpty()) {
            throw new IllegalArgumentException("at least one key-encryption key is needed");
        }
        for (byte[] kek : keks) {
            if (kek.length != 32) {
                throw new IllegalArgumentException("a key-encryption key is 32 bytes (AES-256); one has " + kek.length);
            }
            this.keks.put(idOf(kek), new SecretKeySpec(kek, "AES"));
        }
        this.current = idOf(keks.get(0));
    }

    /** The id a KEK is known by: hex of the first 8 bytes of its SHA-256. */
    public static String idOf(byte[] kek) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(kek), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public WrappedKey wrap(String room, byte[] key) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keks.get(current), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(room.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key);
            return new WrappedKey(current, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM wrapping does not fail on a valid key", e);
        }
    }

    @Override
    public byte[] unwrap(String room, WrappedKey wrapped) {
        SecretKeySpec kek = keks.get(wrapped.kekId());
        if (kek == null) {
            throw new UnknownKek(wrapped.kekId());
        }
        byte[] bytes = wrapped.bytes();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(room.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key of room " + room + " does not unwrap with KEK '"
                    + wrapped.kekId() + "': it was altered or belongs to another room", e);
        }
    }

    @Override
    public String currentKekId() {
        return current;
    }

    @Override
    public List<String> kekIds() {
        return List.copyOf(keks.keySet());
    }
}
