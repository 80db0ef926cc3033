package io.enclavesuite.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.SealedSlot;
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
 * {@code enclavectl send ProposeSlot / CounterSlot} with {@code --room-key}: a slot written in clear leaves the process
 * sealed to the room as the actor; a proposal is named by its number, and a slot or time written there is refused
 * with where the numbers are. No read API is asked: the key is given, so the API's address here answers nothing.
 */
class SlotSealingTest {

    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final CoordinationId ROOM = CoordinationId.of("room-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
    private static final String ACTOR = "U0ERIN";
    private static final String SLOT = "{\"start\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T09:15:00Z\"}";
    private static final TimeWindow CLEAR = new TimeWindow(Instant.parse("2026-12-11T08:30:00Z"),
            Instant.parse("2026-12-11T09:15:00Z"), Confidence.HIGH);
    private static final List<String> TIMES = List.of("2026-12-11", "08:30", "09:15",
            String.valueOf(CLEAR.start().getEpochSecond()), String.valueOf(CLEAR.end().getEpochSecond()),
            String.valueOf(CLEAR.start().toEpochMilli()), String.valueOf(CLEAR.end().toEpochMilli()));

    private final RoomSeals.RoomKeyPair room = RoomSeals.generate();

    private SlotSealing sealing(String roomKey) {
        // port 9 (discard) on loopback: were the read API asked, the test would fail on it
        return new SlotSealing(new RoomKeyLookup(URI.create("http://127.0.0.1:9"), Path.of("no-such-token-key"),
                roomKey, Duration.ofSeconds(1)));
    }

    @Test
    void aProposedSlotLeavesSealedToTheRoomAsTheActorAndOpensAsGiven() throws Exception {
        JsonNode payload = JSON.readTree("{\"coordinationId\":\"" + ROOM.value() + "\",\"slot\":" + SLOT + "}");

        JsonNode sent = sealing(room.publicKey()).sealIfClear("ProposeSlot", payload, ACTOR);

        assertThat(JSON.writeValueAsString(sent)).doesNotContain(TIMES);
        ProposeSlot command = JSON.treeToValue(sent, ProposeSlot.class); // the service reads it as the command it is
        assertThat(command.coordinationId()).isEqualTo(ROOM);
        assertThat(RoomSeals.openSlot(room, ROOM, UserId.of(ACTOR), command.slot())).isEqualTo(CLEAR);
        assertThat(catchThrowableOfType(() -> RoomSeals.openSlot(room, ROOM, UserId.of("U0FRANK"), command.slot()),
                RoomSeals.NotSealedToThisRoom.class)).as("sealed for the actor only").isNotNull();
        assertThat(payload.path("slot").isObject()).as("the caller's payload is left as it was").isTrue();
    }

    @Test
    void aCountersAlternativeLeavesSealedAndItsRejectedProposalByNumber() throws Exception {
        JsonNode payload = JSON.readTree("{\"coordinationId\":\"" + ROOM.value() + "\",\"rejected\":1,\"alternative\":"
                + SLOT + "}");

        JsonNode sent = sealing(room.publicKey()).sealIfClear("CounterSlot", payload, ACTOR);

        assertThat(JSON.writeValueAsString(sent)).doesNotContain(TIMES);
        CounterSlot command = JSON.treeToValue(sent, CounterSlot.class);
        assertThat(command.rejected()).isEqualTo(1);
        assertThat(RoomSeals.openSlot(room, ROOM, UserId.of(ACTOR), command.alternative())).isEqualTo(CLEAR);
    }

    @Test
    void aSlotSealedAlreadyAndAProposalNumberAreSentAsTheyAre() throws Exception {
        SealedSlot sealed = RoomSeals.sealSlot(room.publicKey(), ROOM, UserId.of(ACTOR), CLEAR);
        JsonNode propose = JSON.readTree("{\"coordinationId\":\"" + ROOM.value() + "\",\"slot\":\"" + sealed + "\"}");
        JsonNode accept = JSON.readTree("{\"coordinationId\":\"" + ROOM.value() + "\",\"proposal\":2}");
        // no key is needed for either: a bad one would be refused were it used
        assertThat(sealing("AAAA").sealIfClear("ProposeSlot", propose, ACTOR)).isSameAs(propose);
        assertThat(sealing("AAAA").sealIfClear("AcceptSlot", accept, ACTOR)).isSameAs(accept);
        assertThat(sealing("AAAA").sealIfClear("AcknowledgeWindows", accept, ACTOR)).isSameAs(accept);
        assertThat(JSON.treeToValue(accept, AcceptSlot.class).proposal()).isEqualTo(2);
    }

    @Test
    void aProposalNamedByItsTimesIsRefusedWithWhereItsNumberIs() {
        for (String type : List.of("AcceptSlot", "AcknowledgeWindows")) {
            for (String proposal : List.of(SLOT, "\"2026-12-11T08:30:00Z\"", "\"2\"",
                    String.valueOf(CLEAR.start().getEpochSecond() + .5))) {
                String reason = refused(room.publicKey(), type, "{\"coordinationId\":\"" + ROOM.value()
                        + "\",\"proposal\":" + proposal + "}");
                assertThat(reason).as(proposal).startsWith(type + "'s \"proposal\" names a proposal by its number")
                        .contains("\"proposal\":2", "nothing was sent", "GET /internal/rooms/{room}/proposals");
            }
        }
        assertThat(refused(room.publicKey(), "CounterSlot", "{\"coordinationId\":\"" + ROOM.value() + "\",\"rejected\":"
                + SLOT + ",\"alternative\":" + SLOT + "}"))
                .startsWith("CounterSlot's \"rejected\" names a proposal by its number").contains("a slot was given");
    }

    @Test
    void aSlotThatCannotBeSealedIsRefusedWithoutQuotingATime() {
        assertThat(refused(room.publicKey(), "ProposeSlot", "{\"slot\":" + SLOT + "}")).contains("coordinationId");
        assertThat(refused(room.publicKey(), "ProposeSlot", "{\"coordinationId\":\"" + ROOM.value() + "\",\"slot\":"
                + SLOT + "}", "slack-gateway")).contains("Slack user");
        for (String notASlot : List.of(
                "{\"start\":\"2026-12-11T09:15:00Z\",\"end\":\"2026-12-11T08:30:00Z\"}",                  // ends first
                "{\"start\":\"2026-12-11T08:30:00Z\"}",
                "{\"begin\":\"2026-12-11T08:30:00Z\",\"end\":\"2026-12-11T09:15:00Z\"}",
                "[" + SLOT + "]",
                String.valueOf(CLEAR.start().getEpochSecond()))) {
            assertThat(refused(room.publicKey(), "ProposeSlot", "{\"coordinationId\":\"" + ROOM.value() + "\",\"slot\":"
                    + notASlot + "}")).as(notASlot).contains("\"slot\":{\"start\":…");
            assertThat(refused(room.publicKey(), "CounterSlot", "{\"coordinationId\":\"" + ROOM.value()
                    + "\",\"rejected\":1,\"alternative\":" + notASlot + "}")).as(notASlot)
                    .contains("\"alternative\":{\"start\":…");
        }
        assertThat(refused("AAAA", "ProposeSlot", "{\"coordinationId\":\"" + ROOM.value() + "\",\"slot\":" + SLOT + "}"))
                .startsWith("--room-key: ");
    }

    private String refused(String roomKey, String type, String payload) {
        return refused(roomKey, type, payload, ACTOR);
    }

    /** Refused with a reason that names no time in any encoding; the reason. */
    private String refused(String roomKey, String type, String payload, String actor) {
        IllegalArgumentException refused = catchThrowableOfType(
                () -> sealing(roomKey).sealIfClear(type, JSON.readTree(payload), actor), IllegalArgumentException.class);
        assertThat(refused).as("refused: %s", payload).isNotNull();
        assertThat(refused.getMessage()).doesNotContain(TIMES);
        return refused.getMessage();
    }
}
