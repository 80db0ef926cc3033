package io.enclavesuite.trust;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link RoomSeals}: first its HPKE (Bouncy Castle's) held to RFC 9180's vectors for exactly its suite, then what it
 * promises a room — only the room's key, for that room, participant and kind of value, opens what was sealed, and
 * no refusal quotes what was sealed.
 */
class RoomSealsTest {

    private static final Instant NINE = Instant.parse("2026-12-07T09:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-12-07T11:00:00Z");
    private static final Instant FOURTEEN = Instant.parse("2026-12-08T14:30:00Z");
    private static final Instant FIFTEEN = Instant.parse("2026-12-08T15:45:00Z");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(NINE, ELEVEN, Confidence.HIGH),
            new TimeWindow(FOURTEEN, FIFTEEN, Confidence.LOW));
    private static final CoordinationId ROOM = CoordinationId.of("room-0b9e2c1a-5d4f-4c3b-9a8e-7f6d5c4b3a21");
    private static final CoordinationId OTHER_ROOM = CoordinationId.of("room-1c8f3d2b-6e5a-4d4c-8b9f-806e7d6c5b42");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");

    // --- RFC 9180 vectors through Bouncy Castle --------------------------------------------------------------

    @Test
    void bouncyCastleDerivesTheVectorsKeyPairsFromTheirIkm() {
        // only A.1 gives ikm; its KEM (0x0020) is RoomSeals' KEM whatever the AEAD
        HpkeVectors a1 = HpkeVectors.aes128Gcm();
        HPKE hpke = roomSuite();

        AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(a1.bytes("ikmE"));
        AsymmetricCipherKeyPair recipient = hpke.deriveKeyPair(a1.bytes("ikmR"));

        assertThat(hpke.serializePublicKey(ephemeral.getPublic())).isEqualTo(a1.bytes("pkEm"));
        assertThat(hpke.serializePublicKey(recipient.getPublic())).isEqualTo(a1.bytes("pkRm"));
        // RFC 9180 §7.1.2: SerializePrivateKey clamps, the vectors print the scalar before clamping
        assertThat(hpke.serializePrivateKey(ephemeral.getPrivate())).isEqualTo(clamped(a1.bytes("skEm")))
                .isNotEqualTo(a1.bytes("skEm"));
        assertThat(hpke.serializePrivateKey(recipient.getPrivate())).isEqualTo(clamped(a1.bytes("skRm")));
        assertThat(hpke.serializePrivateKey(hpke.deserializePrivateKey(a1.bytes("skRm"), a1.bytes("pkRm")).getPrivate()))
                .isEqualTo(clamped(a1.bytes("skRm")));
    }

    /** RFC 7748's decodeScalar25519 on the bytes: what X25519 makes of a private key anyway. */
    static byte[] clamped(byte[] scalar) {
        byte[] out = scalar.clone();
        out[0] &= (byte) 248;
        out[31] &= 127;
        out[31] |= 64;
        return out;
    }

    @Test
    void bouncyCastleReproducesTheAes256GcmVector() throws Exception {
        HpkeVectors v = HpkeVectors.aes256Gcm();
        assertThat(v.aeadId()).isEqualTo(HPKE.aead_AES_GCM256);
        reproduces(roomSuite(), v);
    }

    @Test
    void bouncyCastleReproducesAppendixA1() throws Exception {
        HPKE aes128 = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
        reproduces(aes128, HpkeVectors.aes128Gcm());
    }

    /** The vector's sender, with its ephemeral key: enc, each listed ciphertext, the exports; then its receiver. */
    private static void reproduces(HPKE hpke, HpkeVectors v) throws Exception {
        AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(v.bytes("skEm"), v.bytes("pkEm"));
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(v.bytes("skRm"), v.bytes("pkRm"));
        HPKEContextWithEncapsulation sender = hpke.setupBaseS(hpke.deserializePublicKey(v.bytes("pkRm")),
                v.bytes("info"), ephemeral);
        assertThat(sender.getEncapsulation()).isEqualTo(v.bytes("enc"));

        List<HpkeVectors.Encryption> expected = v.encryptions();
        int last = expected.get(expected.size() - 1).seq();
        byte[] pt = expected.get(0).pt();
        List<byte[]> sealed = new ArrayList<>();
        for (int seq = 0; seq <= last; seq++) {
            sealed.add(sender.seal(count(seq), pt));
        }
        for (HpkeVectors.Encryption encryption : expected) {
            assertThat(encryption.aad()).isEqualTo(count(encryption.seq()));
            assertThat(sealed.get(encryption.seq())).as("ciphertext at seq %d", encryption.seq()).isEqualTo(encryption.ct());
        }
        for (HpkeVectors.Export export : v.exports()) {
            // the exporter secret is all of the key schedule BC lets out: these pin it
            assertThat(sender.export(export.context(), export.length())).isEqualTo(export.value());
        }

        HPKEContext receiver = hpke.setupBaseR(v.bytes("enc"), recipient, v.bytes("info"));
        for (int seq = 0; seq <= last; seq++) {
            assertThat(receiver.open(count(seq), sealed.get(seq))).isEqualTo(pt);
        }
        for (HpkeVectors.Export export : v.exports()) {
            assertThat(receiver.export(export.context(), export.length())).isEqualTo(export.value());
        }
        // the single-shot open RoomSeals calls, on the vector's first message
        assertThat(hpke.open(v.bytes("enc"), recipient, v.bytes("info"), expected.get(0).aad(), expected.get(0).ct(),
                null, null, null)).isEqualTo(pt);
    }

    private static HPKE roomSuite() {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    }

    private static byte[] count(int seq) {
        return ("Count-" + seq).getBytes(StandardCharsets.US_ASCII);
    }

    // --- what RoomSeals promises a room ---------------------------------------------------------------------

    @Test
    void windowsAndSlotsOpenWithTheRoomsKeyAsSealed() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();

        SealedWindows sealed = RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, WINDOWS);
        SealedSlot slot = RoomSeals.sealSlot(room.publicKey(), ROOM, ALICE, WINDOWS.get(1));
        SealedSlot proposal = RoomSeals.sealProposal(room.publicKey(), ROOM, 3, WINDOWS.get(0));

        assertThat(RoomSeals.openProposal(room, ROOM, 3, proposal)).isEqualTo(WINDOWS.get(0));
        assertThat(RoomSeals.openWindows(room, ROOM, ALICE, sealed)).isEqualTo(WINDOWS);
        assertThat(RoomSeals.openSlot(room, ROOM, ALICE, slot)).isEqualTo(WINDOWS.get(1));
        assertThat(RoomSeals.openWindows(room, ROOM, ALICE, RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, List.of())))
                .isEmpty();
    }

    @Test
    void theWireFormIsEncThenCiphertextWithNothingOfThePlaintextInIt() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();

        String first = RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, WINDOWS).value();
        String second = RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, WINDOWS).value();

        byte[] bytes = Base64.getUrlDecoder().decode(first);
        assertThat(first).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        // 32-byte enc, the windows' JSON, the 16-byte tag
        assertThat(bytes).hasSize(32 + RoomSealsTestJson.windowsJson(WINDOWS).length + 16);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("2026").doesNotContain("high");
        assertThat(second).as("a fresh ephemeral key every time").isNotEqualTo(first);
        assertThat(second.substring(0, 43)).isNotEqualTo(first.substring(0, 43));
    }

    @Test
    void onlyThisRoomsKeyForThisRoomParticipantAndContentOpensIt() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        SealedWindows sealed = RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, WINDOWS);
        SealedSlot slot = RoomSeals.sealSlot(room.publicKey(), ROOM, ALICE, WINDOWS.get(0));
        SealedSlot proposal = RoomSeals.sealProposal(room.publicKey(), ROOM, 1, WINDOWS.get(0));

        // a proposal opens only as the number it was sealed under, in its room, and is no participant's slot
        refusedWithoutQuoting(() -> RoomSeals.openProposal(room, ROOM, 2, proposal));
        refusedWithoutQuoting(() -> RoomSeals.openProposal(room, OTHER_ROOM, 1, proposal));
        refusedWithoutQuoting(() -> RoomSeals.openProposal(RoomSeals.generate(), ROOM, 1, proposal));
        refusedWithoutQuoting(() -> RoomSeals.openSlot(room, ROOM, ALICE, proposal));
        refusedWithoutQuoting(() -> RoomSeals.openProposal(room, ROOM, 1, slot));
        refusedWithoutQuoting(() -> RoomSeals.openWindows(RoomSeals.generate(), ROOM, ALICE, sealed));
        refusedWithoutQuoting(() -> RoomSeals.openWindows(room, OTHER_ROOM, ALICE, sealed));
        refusedWithoutQuoting(() -> RoomSeals.openWindows(room, ROOM, BOB, sealed));
        // the same bytes, passed off as another kind of value
        refusedWithoutQuoting(() -> RoomSeals.openSlot(room, ROOM, ALICE, new SealedSlot(sealed.value())));
        refusedWithoutQuoting(() -> RoomSeals.openWindows(room, ROOM, ALICE, new SealedWindows(slot.value())));
    }

    @Test
    void everyFlippedByteIsNoticed() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        byte[] sealed = Base64.getUrlDecoder().decode(RoomSeals.sealWindows(room.publicKey(), ROOM, ALICE, WINDOWS).value());

        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            String wire = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            refusedWithoutQuoting(() -> RoomSeals.openWindows(room, ROOM, ALICE, new SealedWindows(wire)));
        }
        String truncated = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sealed, 32));
        assertThat(refusedWithoutQuoting(() -> RoomSeals.openWindows(room, ROOM, ALICE, new SealedWindows(truncated))))
                .contains("too short");
        assertThat(refusedWithoutQuoting(() -> RoomSeals.open(room, ROOM, ALICE, RoomSeals.Content.SLOT, "not base64!")))
                .contains("base64url");
        assertThat(refusedWithoutQuoting(() -> RoomSeals.open(room, ROOM, ALICE, RoomSeals.Content.SLOT, ""))).contains("empty");
    }

    @Test
    void whatOpensButIsNotWindowsIsRefusedWithoutQuotingIt() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        List<String> notWindows = List.of(
                "{\"start\":\"2026-12-07T09:00:00Z\",\"end\":\"2026-12-07T11:00:00Z\"}",                  // one slot
                "[{\"start\":\"2026-12-07T11:00:00Z\",\"end\":\"2026-12-07T09:00:00Z\"}]",                // ends first
                "[{\"start\":\"2026-12-07T09:00:00Z\"}]",                                                 // no end
                "[{\"start\":\"2026-12-07T09:00:00Z\",\"end\":\"2026-12-07T11:00:00Z\",\"note\":\"x\"}]", // unknown field
                "free on 2026-12-07T09:00:00Z, 1796634000, 1796634000000");

        for (String text : notWindows) {
            String sealed = RoomSeals.seal(room.publicKey(), ROOM, ALICE, RoomSeals.Content.WINDOWS,
                    text.getBytes(StandardCharsets.UTF_8));
            assertThat(refusedWithoutQuoting(() -> RoomSeals.openWindows(room, ROOM, ALICE, new SealedWindows(sealed))))
                    .as(text).contains("does not hold a list of well-formed windows");
        }
        String notASlot = RoomSeals.seal(room.publicKey(), ROOM, ALICE, RoomSeals.Content.SLOT,
                "[\"2026-12-07T09:00:00Z\"]".getBytes(StandardCharsets.UTF_8));
        assertThat(refusedWithoutQuoting(() -> RoomSeals.openSlot(room, ROOM, ALICE, new SealedSlot(notASlot))))
                .contains("does not hold a well-formed slot");
    }

    @Test
    void aBadRoomKeyIsRefusedWithItsReason() {
        assertThat(RoomSeals.problem(RoomSeals.generate().publicKey())).isEmpty();
        assertThat(RoomSeals.problem(null)).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(RoomSeals.problem(" ")).hasValueSatisfying(p -> assertThat(p).contains("empty"));
        assertThat(RoomSeals.problem("not a key!")).hasValueSatisfying(p -> assertThat(p).contains("not base64url"));
        assertThat(RoomSeals.problem("AAAA")).hasValueSatisfying(p -> assertThat(p).contains("32-byte X25519", "3 bytes"));
        String ed25519Sized = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[33]);
        assertThat(RoomSeals.problem(ed25519Sized)).hasValueSatisfying(p -> assertThat(p).contains("33 bytes"));

        // a point of small order agrees the all-zero secret with every sealer (RFC 9180 §7.1.4)
        for (String lowOrder : List.of("0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) {
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.HexFormat.of().parseHex(lowOrder));
            assertThat(RoomSeals.problem(key)).as(lowOrder).hasValueSatisfying(p -> assertThat(p).contains("low-order"));
            assertThatThrownBy(() -> RoomSeals.sealWindows(key, ROOM, ALICE, WINDOWS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low-order");
        }

        assertThatThrownBy(() -> RoomSeals.sealWindows("AAAA", ROOM, ALICE, WINDOWS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32-byte X25519")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2026"));
    }

    @Test
    void theRoomKeyPairNeverShowsItsPrivateHalf() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        String privateKey = Base64.getUrlEncoder().withoutPadding().encodeToString(room.privateKey());

        assertThat(room.toString()).contains(room.publicKey()).doesNotContain(privateKey);
        assertThat(room.privateKey()).hasSize(32);
        room.privateKey()[0] ^= 1; // a copy: the pair cannot be changed through it
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(room.privateKey())).isEqualTo(privateKey);
    }

    /** Refused as not sealed to this room, the message naming no time in any encoding; the message, to look at. */
    private static String refusedWithoutQuoting(Runnable opening) {
        RoomSeals.NotSealedToThisRoom refused = catchThrowableOfType(opening::run, RoomSeals.NotSealedToThisRoom.class);
        assertThat(refused).as("refused as not sealed to this room").isNotNull();
        assertThat(refused.getMessage()).isNotBlank();
        for (TimeWindow window : WINDOWS) {
            for (Instant instant : List.of(window.start(), window.end())) {
                assertThat(refused.getMessage()).doesNotContain(instant.toString())
                        .doesNotContain(String.valueOf(instant.getEpochSecond()))
                        .doesNotContain(String.valueOf(instant.toEpochMilli()));
            }
        }
        assertThat(refused.getMessage()).doesNotContain("2026").doesNotContain("09:00").doesNotContain("1796634000");
        return refused.getMessage();
    }
}
