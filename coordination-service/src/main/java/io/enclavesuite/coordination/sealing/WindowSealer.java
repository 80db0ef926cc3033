package io.enclavesuite.coordination.sealing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Seals a participant's windows under their room's key: AES-256-GCM with a fresh 96-bit nonce, the room and the
 * participant bound in as associated data, so sealed windows cannot be moved to another room or person unnoticed.
 */
public class WindowSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final TypeReference<List<TimeWindow>> WINDOWS = new TypeReference<>() { };

    private final RoomKeys keys;
    private final Supplier<byte[]> nonces;
    private final ObjectMapper json = EnclaveJson.mapper();

    public WindowSealer(RoomKeys keys) {
        this(keys, randomNonces());
    }

    /** For tests that need repeatable ciphertext. */
    public WindowSealer(RoomKeys keys, Supplier<byte[]> nonces) {
        this.keys = keys;
        this.nonces = nonces;
    }

    public SealedWindows seal(CoordinationId room, UserId participant, List<TimeWindow> windows) {
        SecretKey key = keys.find(room).orElseThrow(() -> new WindowsShredded(room));
        byte[] nonce = nonces.get();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(room, participant));
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(windows));
            return new SealedWindows(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal windows of room " + room, e);
        }
    }

    /** @throws WindowsShredded once the room's key is destroyed */
    public List<TimeWindow> unseal(CoordinationId room, UserId participant, SealedWindows sealed) {
        SecretKey key = keys.find(room).orElseThrow(() -> new WindowsShredded(room));
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.value());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(room, participant));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return json.readValue(plain, WINDOWS);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the windows of " + participant + " in room " + room
                    + " do not open with the room's key: " + e.getMessage(), e);
        }
    }

    private static byte[] associatedData(CoordinationId room, UserId participant) {
        return (room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8);
    }

    private static Supplier<byte[]> randomNonces() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            return nonce;
        };
    }

    /** The room's key is gone: its windows can no longer be read, by design. */
    public static class WindowsShredded extends RuntimeException {
        public WindowsShredded(CoordinationId room) {
            super("the windows of room " + room + " were shredded: its key is destroyed");
        }
    }
}
