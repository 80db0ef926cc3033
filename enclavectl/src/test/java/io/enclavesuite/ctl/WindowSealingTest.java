package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code enclavectl send SubmitWindows} with {@code --room-key}: the windows written in clear leave the process sealed
 * to the room, and what cannot be sealed is refused with a reason that quotes no time. No read API is asked: the key
 * is given, so the API's address here answers nothing.
 */
class WindowSealingTest {

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final CoordinationId ROOM = CoordinationId.of("room-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
    private static final String ACTOR = "U0ERIN";
    private static final String CLEAR = """
            {"coordinationId":"room-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d",
             "windows":[{"start":"2026-12-11T08:30:00Z","end":"2026-12-11T10:00:00Z","confidence":"high"},
                        {"start":"2026-12-11T15:00:00Z","end":"2026-12-11T16:15:00Z","confidence":"low"}]}""";
    private static final List<String> TIMES = List.of("2026-12-11", "08:30", "10:00", "15:00", "16:15",
            String.valueOf(Instant.parse("2026-12-11T08:30:00Z").getEpochSecond()),
            String.valueOf(Instant.parse("2026-12-11T08:30:00Z").toEpochMilli()));

    private final RoomSeals.RoomKeyPair room = RoomSeals.generate();

    private WindowSealing sealing(String roomKey) {
        // port 9 (discard) on loopback: were the read API asked, the test would fail on it
        return new WindowSealing(URI.create("http://127.0.0.1:9"), Path.of("no-such-token-key"), roomKey,
                Duration.ofSeconds(1));
    }

    @Test
    void clearWindowsLeaveSealedToTheRoomAndOpenAsGiven() throws Exception {
        JsonNode payload = JSON.readTree(CLEAR);

        JsonNode sent = sealing(room.publicKey()).sealIfClear(payload, ACTOR);

        assertThat(sent.path("windows").isTextual()).isTrue();
        assertThat(sent.path("coordinationId").asText()).isEqualTo(ROOM.value());
        assertThat(JSON.writeValueAsString(sent)).doesNotContain(TIMES);
        // the service reads it as the command it is, and the room's key alone opens it to the same windows
        SubmitWindows command = JSON.treeToValue(sent, SubmitWindows.class);
        assertThat(RoomSeals.openWindows(room, ROOM, UserId.of(ACTOR), new SealedWindows(sent.path("windows").asText())))
                .containsExactly(
                        new TimeWindow(Instant.parse("2026-12-11T08:30:00Z"), Instant.parse("2026-12-11T10:00:00Z"), Confidence.HIGH),
                        new TimeWindow(Instant.parse("2026-12-11T15:00:00Z"), Instant.parse("2026-12-11T16:15:00Z"), Confidence.LOW));
        assertThat((JsonNode) JSON.valueToTree(command)).isEqualTo(sent);
        assertThat(payload.path("windows").isArray()).as("the caller's payload is left as it was").isTrue();
    }

    @Test
    void sealedForTheActorOnly() throws Exception {
        JsonNode sent = sealing(room.publicKey()).sealIfClear(JSON.readTree(CLEAR), ACTOR);
        SealedWindows sealed = new SealedWindows(sent.path("windows").asText());

        assertThat(catchThrowableOfType(() -> RoomSeals.openWindows(room, ROOM, UserId.of("U0FRANK"), sealed),
                RoomSeals.NotSealedToThisRoom.class)).isNotNull();
        assertThat(catchThrowableOfType(() -> RoomSeals.openWindows(RoomSeals.generate(), ROOM, UserId.of(ACTOR), sealed),
                RoomSeals.NotSealedToThisRoom.class)).isNotNull();
    }

    @Test
    void windowsSealedAlreadyAreSentAsTheyAre() throws Exception {
        String sealed = RoomSeals.sealWindows(room.publicKey(), ROOM, UserId.of(ACTOR), List.of()).value();
        JsonNode payload = JSON.readTree("{\"coordinationId\":\"" + ROOM.value() + "\",\"windows\":\"" + sealed + "\"}");

        assertThat(sealing(room.publicKey()).sealIfClear(payload, ACTOR)).isSameAs(payload);
    }

    @Test
    void whatCannotBeSealedIsRefusedWithoutQuotingATime() {
        String windows = "[{\"start\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T10:00:00Z\"}]";
        assertThat(refused(room.publicKey(), "{\"windows\":" + windows + "}", ACTOR)).contains("coordinationId");
        assertThat(refused(room.publicKey(), "{\"coordinationId\":\"room-1\",\"windows\":" + windows + "}", ACTOR))
                .contains("coordinationId");
        assertThat(refused(room.publicKey(), "{\"coordinationId\":\"" + ROOM.value() + "\",\"windows\":" + windows + "}",
                "slack-gateway")).contains("Slack user");
        assertThat(refused(room.publicKey(), "{\"coordinationId\":\"" + ROOM.value() + "\",\"windows\":" + windows + "}",
                "u0erin")).contains("Slack user");

        for (String notWindows : List.of(
                "[{\"start\":\"2026-12-11T10:00:00Z\",\"end\":\"2026-12-11T08:30:00Z\"}]",                       // ends first
                "[{\"start\":\"2026-12-11T08:30:00Z\"}]",                                                        // no end
                "[{\"start\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T10:00:00Z\",\"confidence\":\"15:00\"}]",
                "[{\"begin\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T10:00:00Z\"}]",                       // unknown field
                "[\"2026-12-11T08:30:00Z/2026-12-11T10:00:00Z\"]",
                "[" + Instant.parse("2026-12-11T08:30:00Z").getEpochSecond() + "]",
                "[{\"start\":\"2026-12-11 08:30\",\"end\":\"2026-12-11 10:00\"}]")) {
            assertThat(refused(room.publicKey(), "{\"coordinationId\":\"" + ROOM.value() + "\",\"windows\":" + notWindows + "}",
                    ACTOR)).as(notWindows).contains("windows [{\"start\":…");
        }
    }

    @Test
    void aBadRoomKeyIsRefusedWithItsReason() {
        String payload = CLEAR;
        assertThat(refused("AAAA", payload, ACTOR)).startsWith("--room-key: ").contains("32-byte X25519");
        assertThat(refused("not a key!", payload, ACTOR)).startsWith("--room-key: ").contains("base64url");
        assertThat(refused("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", payload, ACTOR)).contains("low-order");
    }

    /** Refused with a reason that names no time in any encoding; the reason. */
    private String refused(String roomKey, String payload, String actor) {
        IllegalArgumentException refused = catchThrowableOfType(
                () -> sealing(roomKey).sealIfClear(JSON.readTree(payload), actor), IllegalArgumentException.class);
        assertThat(refused).as("refused: %s", payload).isNotNull();
        assertThat(refused.getMessage()).doesNotContain(TIMES);
        return refused.getMessage();
    }
}
