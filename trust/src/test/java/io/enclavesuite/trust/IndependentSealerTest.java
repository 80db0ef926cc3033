package io.enclavesuite.trust;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent that is not ours: windows sealed as {@code docs/coordination.md} ("Sealing windows yourself") spells it,
 * with {@link JdkHpke} — the JDK's X25519, HMAC-SHA256 and AES-GCM, checked against RFC 9180's vectors by
 * {@code JdkHpkeTest} — and JSON written by hand. {@link RoomSeals} must open what it seals, and it must open what
 * {@link RoomSeals} seals: the wire form is the RFC's, not Bouncy Castle's.
 */
class IndependentSealerTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final List<TimeWindow> WINDOWS = List.of(
            new TimeWindow(Instant.parse("2026-12-09T08:00:00Z"), Instant.parse("2026-12-09T09:30:00Z"), Confidence.HIGH),
            new TimeWindow(Instant.parse("2026-12-09T13:00:00Z"), Instant.parse("2026-12-09T17:00:00Z"), Confidence.MEDIUM),
            new TimeWindow(Instant.parse("2026-12-10T10:15:00Z"), Instant.parse("2026-12-10T10:45:00Z"), Confidence.LOW));

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder FROM_BASE64URL = Base64.getUrlDecoder();

    /** The independent sealer: HPKE base mode, info and aad as documented, base64url(enc ‖ ciphertext). */
    static String sealAsDocumented(String roomPublicKey, String content, CoordinationId room, UserId participant,
                                   byte[] plaintext) {
        byte[] info = ("enclave-suite/room-" + content + "\n" + room.value()).getBytes(StandardCharsets.UTF_8);
        byte[] aad = (room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8);
        byte[][] sealed = JdkHpke.aes256Gcm().seal(FROM_BASE64URL.decode(roomPublicKey), info, aad, plaintext);
        return BASE64URL.encodeToString(JdkHpke.concat(sealed[0], sealed[1]));
    }

    static byte[] openAsDocumented(byte[] roomPrivateKey, String content, CoordinationId room, UserId participant,
                                   String sealed) {
        byte[] bytes = FROM_BASE64URL.decode(sealed);
        JdkHpke.KeyPair pair = new JdkHpke.KeyPair(roomPrivateKey, JdkHpke.publicKeyOf(roomPrivateKey));
        byte[] info = ("enclave-suite/room-" + content + "\n" + room.value()).getBytes(StandardCharsets.UTF_8);
        byte[] aad = (room.value() + "/" + participant.value()).getBytes(StandardCharsets.UTF_8);
        return JdkHpke.aes256Gcm().open(Arrays.copyOf(bytes, 32), pair, info, aad, Arrays.copyOfRange(bytes, 32, bytes.length));
    }

    @Test
    void windowsSealedByTheIndependentSealerOpenWithRoomSeals() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();

        String sealed = sealAsDocumented(room.publicKey(), "windows", ROOM, CAROL, RoomSealsTestJson.windowsJson(WINDOWS));

        assertThat(RoomSeals.openWindows(room, ROOM, CAROL, new SealedWindows(sealed))).isEqualTo(WINDOWS);
    }

    @Test
    void aSlotSealedByTheIndependentSealerOpensWithRoomSeals() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        byte[] slot = RoomSealsTestJson.windowJson(WINDOWS.get(1)).getBytes(StandardCharsets.UTF_8);

        assertThat(RoomSeals.openSlot(room, ROOM, CAROL,
                new SealedSlot(sealAsDocumented(room.publicKey(), "slot", ROOM, CAROL, slot))))
                .isEqualTo(WINDOWS.get(1));
    }

    @Test
    void windowsSealedByRoomSealsOpenWithTheIndependentOpener() throws Exception {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();

        SealedWindows sealed = RoomSeals.sealWindows(room.publicKey(), ROOM, CAROL, WINDOWS);
        byte[] plain = openAsDocumented(room.privateKey(), "windows", ROOM, CAROL, sealed.value());

        assertThat(plain).isEqualTo(EnclaveJson.mapper().writeValueAsBytes(WINDOWS));
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(new String(RoomSealsTestJson.windowsJson(WINDOWS),
                StandardCharsets.UTF_8));
    }

    @Test
    void aRoomKeyMadeByTheJdkWorksWithRoomSealsBothWays() {
        // raw 32-byte keys, as the read API's roomKey and the wrapped private key hold them
        JdkHpke.KeyPair jdk = JdkHpke.generateKeyPair();
        RoomSeals.RoomKeyPair room = new RoomSeals.RoomKeyPair(jdk.privateKey(), BASE64URL.encodeToString(jdk.publicKey()));

        SealedWindows byRoomSeals = RoomSeals.sealWindows(room.publicKey(), ROOM, CAROL, WINDOWS);
        String byJdk = sealAsDocumented(room.publicKey(), "windows", ROOM, CAROL, RoomSealsTestJson.windowsJson(WINDOWS));

        assertThat(RoomSeals.openWindows(room, ROOM, CAROL, new SealedWindows(byJdk))).isEqualTo(WINDOWS);
        assertThat(openAsDocumented(jdk.privateKey(), "windows", ROOM, CAROL, byRoomSeals.value()))
                .isEqualTo(RoomSealsTestJson.windowsJson(WINDOWS));
    }

    @Test
    void theIndependentSealersBindingIsRoomSealsBinding() {
        RoomSeals.RoomKeyPair room = RoomSeals.generate();
        CoordinationId otherRoom = CoordinationId.of("room-6f5e4d3c-2b1a-4098-8e7d-5c4b3a291807");
        byte[] json = RoomSealsTestJson.windowsJson(WINDOWS);

        String forDave = sealAsDocumented(room.publicKey(), "windows", ROOM, UserId.of("U0DAVE"), json);
        String forOtherRoom = sealAsDocumented(room.publicKey(), "windows", otherRoom, CAROL, json);
        String asSlot = sealAsDocumented(room.publicKey(), "slot", ROOM, CAROL, json);

        for (String sealed : List.of(forDave, forOtherRoom, asSlot)) {
            assertThatThrownBy(() -> RoomSeals.openWindows(room, ROOM, CAROL, new SealedWindows(sealed)))
                    .isInstanceOf(RoomSeals.NotSealedToThisRoom.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2026").doesNotContain("08:00"));
        }
        assertThatThrownBy(() -> openAsDocumented(room.privateKey(), "windows", ROOM, CAROL,
                RoomSeals.sealWindows(room.publicKey(), ROOM, UserId.of("U0DAVE"), WINDOWS).value()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
