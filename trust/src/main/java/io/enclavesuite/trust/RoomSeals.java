package io.enclavesuite.trust;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a participant's agent shares with a room, sealed by the agent itself to the room's public key, so the command,
 * its Kafka copies, its dead letters and the event store hold only ciphertext that the room's private key — wrapped
 * outside the database, destroyed when the room ends — alone opens. HPKE (RFC 9180) base mode: DHKEM(X25519,
 * HKDF-SHA256), HKDF-SHA256, AES-256-GCM. The context's info names what is sealed (windows, a slot) and the room;
 * the associated data names the room and the participant, so a sealed value cannot be replayed into another room,
 * passed off as another person's or as another kind of value. Wire form: base64url (no padding) of the 32-byte
 * encapsulated key followed by the ciphertext. {@code docs/coordination.md} gives the exact bytes, so that an agent
 * written in another language can seal too.
 */
public final class RoomSeals {

    /** What a sealed value is: part of the HPKE context's info. */
    public enum Content {
        WINDOWS("windows"),
        SLOT("slot"),
        PROPOSAL("proposal");

        private final String label;

        Content(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final int X25519_KEY_BYTES = 32;
    private static final byte[] LOW_ORDER_PROBE = new byte[X25519_KEY_BYTES];
    private static final TypeReference<List<TimeWindow>> WINDOW_LIST = new TypeReference<>() { };
    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private RoomSeals() {
    }

    private static HPKE hpke() {
        return HpkeWire.suite();
    }

    /** A room's key pair: the raw 32-byte X25519 private key (kept wrapped) and the public key, base64url. */
    public record RoomKeyPair(byte[] privateKey, String publicKey) {

        public RoomKeyPair {
            privateKey = privateKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public String toString() {
            return "RoomKeyPair[publicKey=" + publicKey + "]";
        }
    }

    public static RoomKeyPair generate() {
        HPKE hpke = hpke();
        AsymmetricCipherKeyPair pair = hpke.generatePrivateKey();
        return new RoomKeyPair(hpke.serializePrivateKey(pair.getPrivate()), encode(hpke.serializePublicKey(pair.getPublic())));
    }

    /** Whether {@code publicKey} is a well-formed room public key; the reason otherwise. */
    public static Optional<String> problem(String publicKey) {
        try {
            publicKey(publicKey);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** {@code plaintext} sealed to the room's public key, for {@code participant}. */
    public static String seal(String roomPublicKey, CoordinationId room, UserId participant, Content content,
                              byte[] plaintext) {
        return HpkeWire.seal(publicKey(roomPublicKey), info(content, room), associatedData(room, participant),
                plaintext);
    }

    /**
     * The plaintext of a value sealed to the room whose key pair this is.
     *
     * @throws NotSealedToThisRoom when it was sealed to another key, for another room, participant or content, or altered
     */
    public static byte[] open(RoomKeyPair room, CoordinationId roomId, UserId participant, Content content,
                              String sealed) {
        return openBytes(room, roomId, content, associatedData(roomId, participant), sealed);
    }

    private static byte[] openBytes(RoomKeyPair room, CoordinationId roomId, Content content, byte[] associatedData,
                                    String sealed) {
        byte[] bytes;
        try {
            bytes = decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new NotSealedToThisRoom(e.getMessage());
        }
        if (!HpkeWire.holdsCiphertext(bytes)) {
            throw new NotSealedToThisRoom("the sealed value is too short to hold an HPKE encapsulated key and a ciphertext");
        }
        try {
            AsymmetricCipherKeyPair pair = hpke().deserializePrivateKey(room.privateKey(), decode(room.publicKey()));
            return HpkeWire.open(bytes, pair, info(content, roomId), associatedData);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new NotSealedToThisRoom("it does not open with the room's key: sealed to another room's key, for"
                    + " another participant or content, or altered on the way");
        }
    }

    /** A participant's windows, sealed by their agent to the room. */
    public static SealedWindows sealWindows(String roomPublicKey, CoordinationId room, UserId participant,
                                            List<TimeWindow> windows) {
        try {
            return new SealedWindows(seal(roomPublicKey, room, participant, Content.WINDOWS, JSON.writeValueAsBytes(windows)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("windows always serialise", e);
        }
    }

    /** The windows a participant sealed to this room. */
    public static List<TimeWindow> openWindows(RoomKeyPair room, CoordinationId roomId, UserId participant,
                                               SealedWindows sealed) {
        byte[] plain = open(room, roomId, participant, Content.WINDOWS, sealed.value());
        try {
            return JSON.readValue(plain, WINDOW_LIST);
        } catch (IOException | IllegalArgumentException e) {
            // never the parser's message: it may quote a time
            throw new NotSealedToThisRoom("it opens, but does not hold a list of well-formed windows"
                    + " ([{\"start\":…,\"end\":…,\"confidence\":…}], each starting before it ends)");
        }
    }

    /** A single slot — a proposal, a counter's alternative — sealed to the room. */
    public static SealedSlot sealSlot(String roomPublicKey, CoordinationId room, UserId participant, TimeWindow slot) {
        try {
            return new SealedSlot(seal(roomPublicKey, room, participant, Content.SLOT, JSON.writeValueAsBytes(slot)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a slot always serialises", e);
        }
    }

    public static TimeWindow openSlot(RoomKeyPair room, CoordinationId roomId, UserId participant, SealedSlot sealed) {
        byte[] plain = open(room, roomId, participant, Content.SLOT, sealed.value());
        try {
            return JSON.readValue(plain, TimeWindow.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotSealedToThisRoom("it opens, but does not hold a well-formed slot ({\"start\":…,\"end\":…})");
        }
    }

    /**
     * A room's numbered proposal, sealed by the room's service to the room's own key: the number is bound in (the
     * associated data is {@code <room id>/proposal-<number>}), so a sealed slot cannot pass for another proposal.
     */
    public static SealedSlot sealProposal(String roomPublicKey, CoordinationId room, int number, TimeWindow slot) {
        try {
            return new SealedSlot(HpkeWire.seal(publicKey(roomPublicKey), info(Content.PROPOSAL, room),
                    proposalData(room, number), JSON.writeValueAsBytes(slot)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a slot always serialises", e);
        }
    }

    /** The slot of this room's proposal {@code number}. */
    public static TimeWindow openProposal(RoomKeyPair room, CoordinationId roomId, int number, SealedSlot sealed) {
        byte[] plain = openBytes(room, roomId, Content.PROPOSAL, proposalData(roomId, number), sealed.value());
        try {
            return JSON.readValue(plain, TimeWindow.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new NotSealedToThisRoom("it opens, but does not hold a well-formed slot");
        }
    }

    static byte[] proposalData(CoordinationId room, int number) {
        return (room.value() + "/proposal-" + number).getBytes(StandardCharsets.UTF_8);
    }

    /** The HPKE info: {@code enclave-suite/room-<content>\n<room id>}. */
    static byte[] info(Content content, CoordinationId room) {
        return ("enclave-suite/room-" + content.label() + "\n" + room.value()).getBytes(StandardCharsets.UTF_8);
    }

    /** The HPKE associated data: {@code <room id>/<participant>}. */
    static byte[] associatedData(CoordinationId room, UserId participant) {
        return (room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8);
    }

    private static AsymmetricKeyParameter publicKey(String publicKey) {
        byte[] raw = decode(publicKey);
        if (raw.length != X25519_KEY_BYTES) {
            throw new IllegalArgumentException("a room key is a 32-byte X25519 public key, base64url; this one has "
                    + raw.length + " bytes");
        }
        // X25519 with a clamped scalar (a multiple of the cofactor) is zero exactly on the points of small order
        if (!X25519.calculateAgreement(LOW_ORDER_PROBE, 0, raw, 0, new byte[X25519_KEY_BYTES], 0)) {
            throw new IllegalArgumentException("a room key must not be a low-order X25519 point: it agrees no secret"
                    + " with anyone (RFC 9180 §7.1.4)");
        }
        return hpke().deserializePublicKey(raw);
    }

    private static String encode(byte[] bytes) {
        return HpkeWire.encode(bytes);
    }

    private static byte[] decode(String text) {
        return HpkeWire.decode(text, "the value");
    }

    /** A sealed value that this room's key does not open: never the value itself in the message. */
    public static class NotSealedToThisRoom extends RuntimeException {
        public NotSealedToThisRoom(String reason) {
            super(reason);
        }
    }
}
