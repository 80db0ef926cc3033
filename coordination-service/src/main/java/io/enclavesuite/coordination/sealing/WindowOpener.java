package io.enclavesuite.coordination.sealing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/**
 * Opens what was sealed to a room, with the room's private key, for the moment of a decision: the windows and slots a
 * participant's agent sealed (HPKE, {@link RoomSeals}) and the room's own numbered proposals — or, in a room made
 * before senders sealed their own, the windows this service sealed under the room's AES data key. Nothing opened is
 * kept.
 */
public class WindowOpener {

    private static final int LEGACY_NONCE_BYTES = 12;
    private static final int LEGACY_TAG_BITS = 128;
    private static final TypeReference<List<TimeWindow>> WINDOWS = new TypeReference<>() { };

    private final RoomKeys keys;
    private final ObjectMapper json = EnclaveJson.mapper();

    public WindowOpener(RoomKeys keys) {
        this.keys = keys;
    }

    /**
     * @throws WindowsShredded once the room's key is destroyed
     * @throws RoomSeals.NotSealedToThisRoom when they were not sealed to this room for this participant
     */
    public List<TimeWindow> open(CoordinationId room, UserId participant, SealedWindows sealed) {
        RoomKey key = key(room);
        if (key instanceof RoomKey.Pair pair) {
            return RoomSeals.openWindows(pair.pair(), room, participant, sealed);
        }
        return openLegacy((RoomKey.LegacyDataKey) key, room, participant, sealed);
    }

    /**
     * A slot a participant's agent sealed to the room (a proposal, a counter's alternative).
     *
     * @throws WindowsShredded once the room's key is destroyed
     * @throws RoomSeals.NotSealedToThisRoom when it was not sealed to this room for this participant
     */
    public TimeWindow openSlot(CoordinationId room, UserId participant, SealedSlot sealed) {
        return RoomSeals.openSlot(pair(room), room, participant, sealed);
    }

    /**
     * The slot of the room's proposal {@code number}, as the room sealed it.
     *
     * @throws WindowsShredded once the room's key is destroyed
     */
    public TimeWindow openProposal(CoordinationId room, int number, SealedSlot sealed) {
        return RoomSeals.openProposal(pair(room), room, number, sealed);
    }

    /** Only rooms with a key pair have sealed slots: a room with a legacy data key never took one. */
    private RoomSeals.RoomKeyPair pair(CoordinationId room) {
        if (key(room) instanceof RoomKey.Pair pair) {
            return pair.pair();
        }
        throw new RoomSeals.NotSealedToThisRoom("room " + room + " was made before slots were sealed");
    }

    private RoomKey key(CoordinationId room) {
        return keys.find(room).orElseThrow(() -> new WindowsShredded(room));
    }

    private List<TimeWindow> openLegacy(RoomKey.LegacyDataKey key, CoordinationId room, UserId participant,
                                        SealedWindows sealed) {
        byte[] bytes = Base64.getUrlDecoder().decode(sealed.value());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(LEGACY_TAG_BITS, bytes, 0, LEGACY_NONCE_BYTES));
            cipher.updateAAD((room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8));
            return json.readValue(cipher.doFinal(bytes, LEGACY_NONCE_BYTES, bytes.length - LEGACY_NONCE_BYTES), WINDOWS);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new RoomSeals.NotSealedToThisRoom("the windows of " + participant + " in room " + room
                    + " do not open with the room's data key");
        }
    }

    /** The room's key is gone: its windows can no longer be read, by design. */
    public static class WindowsShredded extends RuntimeException {
        public WindowsShredded(CoordinationId room) {
            super("the windows of room " + room + " were shredded: its key is destroyed");
        }
    }
}
