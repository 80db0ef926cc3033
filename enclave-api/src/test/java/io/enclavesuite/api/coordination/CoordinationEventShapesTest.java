package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Coordination events are stored forever and hashed into receipts: their JSON is pinned here. */
class CoordinationEventShapesTest {

    private static final ObjectMapper json = EnclaveJson.mapper();
    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");
    private static final String R = "\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\",";
    private static final String AT = "\"at\":\"2026-11-23T09:00:00Z\"";
    private static final TimeWindow SLOT = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.LOW);
    private static final String SLOT_JSON =
            "{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\",\"confidence\":\"low\"}";

    static List<Object[]> shapes() {
        return List.of(
                new Object[]{new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"),
                        UserId.of("U0ALICE"), List.of(UserId.of("U0ALICE"), UserId.of("U0BOB"), UserId.of("U0CAROL")),
                        MeetingDuration.ofMinutes(60), new SearchRange(Instant.parse("2026-11-30T08:00:00Z"),
                        Instant.parse("2026-12-04T18:00:00Z")), Instant.parse("2026-11-25T09:00:00Z"),
                        ChannelId.of("C0GROWTH"), T, new RoomPublicKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")),
                        "{" + R + "\"type\":\"meeting-sync\",\"purpose\":\"Q1 planning\",\"initiator\":\"U0ALICE\","
                                + "\"participants\":[\"U0ALICE\",\"U0BOB\",\"U0CAROL\"],\"duration\":\"PT1H\","
                                + "\"range\":{\"from\":\"2026-11-30T08:00:00Z\",\"to\":\"2026-12-04T18:00:00Z\"},"
                                + "\"expiresAt\":\"2026-11-25T09:00:00Z\",\"originChannel\":\"C0GROWTH\"," + AT + ","
                                + "\"roomKey\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}"},
                new Object[]{new ParticipationAuthorized(ROOM, UserId.of("U0BOB"), Authorization.AUTO_EXECUTED, "rule-1", T),
                        "{" + R + "\"participant\":\"U0BOB\",\"authorization\":\"auto-executed\",\"ruleId\":\"rule-1\","
                                + AT + "}"},
                new Object[]{new WindowsSubmitted(ROOM, UserId.of("U0BOB"), new SealedWindows("AbC-_9"), 2, T),
                        "{" + R + "\"participant\":\"U0BOB\",\"windows\":\"AbC-_9\",\"windowCount\":2," + AT + "}"},
                new Object[]{new SlotsProposed(ROOM, List.of(SLOT), T),
                        "{" + R + "\"candidates\":[" + SLOT_JSON + "]," + AT + "}"},
                new Object[]{new WindowsAcknowledged(ROOM, UserId.of("U0BOB"), SLOT, T),
                        "{" + R + "\"participant\":\"U0BOB\",\"slot\":" + SLOT_JSON + "," + AT + "}"},
                new Object[]{new CoordinationResolved(ROOM, SLOT, T), "{" + R + "\"slot\":" + SLOT_JSON + "," + AT + "}"},
                new Object[]{new CoordinationAborted(ROOM, AbortReason.DECLINED, UserId.of("U0CAROL"), "busy", T),
                        "{" + R + "\"reason\":\"declined\",\"by\":\"U0CAROL\",\"detail\":\"busy\"," + AT + "}"},
                new Object[]{new CoordinationExpired(ROOM, T), "{" + R + AT + "}"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void eachEventHasAStableShapeARevisionAndReadsBackEqual(Object event, String expected) throws Exception {
        assertThat(event.getClass().getAnnotation(Revision.class)).as("@Revision").isNotNull();
        String text = json.writeValueAsString(event);
        assertThat(text).isEqualTo(expected);
        assertThat(json.readValue(text, event.getClass())).isEqualTo(event);
    }

    @Test
    void noCommandOfARoomTakesCalendarFields() {
        assertThatThrownBy(() -> json.readValue("{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\","
                + "\"slot\":{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\","
                + "\"title\":\"dentist\"}}", ProposeSlot.class))
                .hasMessageContaining("\"title\"");
    }

    @Test
    void windowsInClearAreRefusedWithTheReasonNeverTheTimes() {
        assertThatThrownBy(() -> json.readValue("{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\","
                + "\"windows\":[{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\"}]}",
                SubmitWindows.class))
                .hasRootCauseMessage(SubmitWindows.IN_CLEAR)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2026-12-01"));
    }

    @Test
    void sealedWindowsReadBackAsTheySent() throws Exception {
        SubmitWindows sealed = json.readValue("{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\","
                + "\"windows\":\"AbC-_9\"}", SubmitWindows.class);
        assertThat(sealed.windows()).isEqualTo(new SealedWindows("AbC-_9"));
        assertThat(json.readValue(json.writeValueAsString(sealed), SubmitWindows.class)).isEqualTo(sealed);
        assertThatThrownBy(() -> json.readValue("{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\"}",
                SubmitWindows.class)).hasRootCauseMessage("windows is required: sealed to the room's public key");
    }

    @Test
    void roomIdsAndPurposesValidateThemselves() {
        assertThatThrownBy(() -> CoordinationId.of("room-1")).hasMessage("'room-1' is not a room id (room-<uuid>, lower-case)");
        assertThatThrownBy(() -> new Purpose("x".repeat(501))).hasMessage("purpose is longer than 500 characters");
        assertThat(CoordinationId.random().value()).startsWith("room-");
    }
}
