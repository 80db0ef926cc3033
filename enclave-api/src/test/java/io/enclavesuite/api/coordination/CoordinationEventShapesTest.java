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
                new Object[]{new SlotsProposed(ROOM, List.of(new Proposal(1, new SealedSlot("c2xvdA"))), T),
                        "{" + R + "\"candidates\":[{\"number\":1,\"slot\":\"c2xvdA\"}]," + AT + "}"},
                new Object[]{new SlotProposed(ROOM, UserId.of("U0BOB"), new Proposal(2, new SealedSlot("c2xvdA")), T),
                        "{" + R + "\"participant\":\"U0BOB\",\"proposal\":{\"number\":2,\"slot\":\"c2xvdA\"}," + AT + "}"},
                new Object[]{new SlotCountered(ROOM, UserId.of("U0BOB"), 1, new Proposal(2, new SealedSlot("c2xvdA")), T),
                        "{" + R + "\"participant\":\"U0BOB\",\"rejected\":1,"
                                + "\"alternative\":{\"number\":2,\"slot\":\"c2xvdA\"}," + AT + "}"},
                new Object[]{new SlotAccepted(ROOM, UserId.of("U0BOB"), 2, T),
                        "{" + R + "\"participant\":\"U0BOB\",\"proposal\":2," + AT + "}"},
                new Object[]{new WindowsAcknowledged(ROOM, UserId.of("U0BOB"), 2, T),
                        "{" + R + "\"participant\":\"U0BOB\",\"proposal\":2," + AT + "}"},
                new Object[]{new CoordinationResolved(ROOM, SLOT, T), "{" + R + "\"slot\":" + SLOT_JSON + "," + AT + "}"},
                new Object[]{new CoordinationAborted(ROOM, AbortReason.DECLINED, UserId.of("U0CAROL"), "busy", T),
                        "{" + R + "\"reason\":\"declined\",\"by\":\"U0CAROL\",\"detail\":\"busy\"," + AT
                                + ",\"explanation\":null}"},
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
                + "\"proposal\":1,\"title\":\"dentist\"}", AcceptSlot.class))
                .hasMessageContaining("\"title\"");
    }

    /** Fields added to revision 1 later read as null from the events stored before them. */
    @Test
    void eventsStoredBeforeTheAutonomyFieldsReadWithNulls() throws Exception {
        CoordinationAborted aborted = json.readValue("{" + R + "\"reason\":\"declined\",\"by\":\"U0CAROL\","
                + "\"detail\":\"busy\"," + AT + "}", CoordinationAborted.class);
        assertThat(aborted).isEqualTo(new CoordinationAborted(ROOM, AbortReason.DECLINED, UserId.of("U0CAROL"), "busy",
                T, null));
        ParticipationApprovalRequested asked = json.readValue("{" + R + "\"participant\":\"U0BOB\","
                + "\"reason\":\"no rule matched\"," + AT + "}", ParticipationApprovalRequested.class);
        assertThat(asked).isEqualTo(new ParticipationApprovalRequested(ROOM, UserId.of("U0BOB"), "no rule matched", T,
                null, null, null));
        assertThat(json.readValue("{\"autoExecute\":false,\"ruleId\":null,\"reason\":\"asked\"}",
                PolicyDecision.class).outcome()).isEqualTo(PolicyOutcome.ASKED);
    }

    /** What revision 1 stored in clear reads back without its times: unsealed proposals, numbered 0. */
    @Test
    void slotEventsOfRevisionOneReadWithoutTheirTimes() throws Exception {
        assertThat(json.readValue("{" + R + "\"candidates\":[" + SLOT_JSON + "," + SLOT_JSON + "]," + AT + "}",
                SlotsProposed.class).candidates()).containsExactly(Proposal.unsealed(), Proposal.unsealed());
        assertThat(json.readValue("{" + R + "\"participant\":\"U0BOB\",\"slot\":" + SLOT_JSON + "," + AT + "}",
                SlotProposed.class).proposal()).isEqualTo(Proposal.unsealed());
        SlotCountered countered = json.readValue("{" + R + "\"participant\":\"U0BOB\",\"rejected\":" + SLOT_JSON
                + ",\"alternative\":" + SLOT_JSON + "," + AT + "}", SlotCountered.class);
        assertThat(countered.rejected()).isZero();
        assertThat(countered.alternative()).isEqualTo(Proposal.unsealed());
        assertThat(json.readValue("{" + R + "\"participant\":\"U0BOB\",\"slot\":" + SLOT_JSON + "," + AT + "}",
                SlotAccepted.class).proposal()).isZero();
        WindowsAcknowledged acknowledged = json.readValue("{" + R + "\"participant\":\"U0BOB\",\"slot\":" + SLOT_JSON
                + "," + AT + "}", WindowsAcknowledged.class);
        assertThat(acknowledged.proposal()).isZero();
        assertThat(acknowledged.toString()).doesNotContain("2026-12-01");
    }

    /** Slots travel sealed and proposals are named by number: a time in clear is refused, the refusal quoting none. */
    @Test
    void slotsInClearAreRefusedWithTheReasonNeverTheTimes() {
        String room = "{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\",";
        assertThatThrownBy(() -> json.readValue(room + "\"slot\":" + SLOT_JSON + "}", ProposeSlot.class))
                .hasRootCauseMessage(ProposeSlot.IN_CLEAR)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2026-12-01"));
        assertThatThrownBy(() -> json.readValue(room + "\"rejected\":1,\"alternative\":" + SLOT_JSON + "}",
                CounterSlot.class))
                .hasRootCauseMessage(ProposeSlot.IN_CLEAR);
        for (Class<?> type : List.of(AcceptSlot.class, AcknowledgeWindows.class)) {
            assertThatThrownBy(() -> json.readValue(room + "\"proposal\":" + SLOT_JSON + "}", type))
                    .as(type.getSimpleName())
                    .rootCause().hasMessageContaining("name the proposal by its number")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("2026-12-01"));
            assertThatThrownBy(() -> json.readValue(room + "\"proposal\":0}", type))
                    .rootCause().hasMessageContaining("1 or more");
        }
        assertThatThrownBy(() -> json.readValue(room + "\"rejected\":" + SLOT_JSON + ",\"alternative\":\"c2xvdA\"}",
                CounterSlot.class))
                .rootCause().hasMessageContaining("name the proposal by its number");
    }

    @Test
    void sealedSlotsAndNumbersReadBackAsSent() throws Exception {
        String room = "{\"coordinationId\":\"room-00000000-0000-0000-0000-0000000000aa\",";
        ProposeSlot propose = json.readValue(room + "\"slot\":\"c2xvdA\"}", ProposeSlot.class);
        assertThat(propose.slot()).isEqualTo(new SealedSlot("c2xvdA"));
        assertThat(json.readValue(json.writeValueAsString(propose), ProposeSlot.class)).isEqualTo(propose);
        CounterSlot counter = json.readValue(room + "\"rejected\":2,\"alternative\":\"c2xvdA\"}", CounterSlot.class);
        assertThat(counter).isEqualTo(new CounterSlot(counter.coordinationId(), 2, new SealedSlot("c2xvdA")));
        assertThat(json.readValue(json.writeValueAsString(counter), CounterSlot.class)).isEqualTo(counter);
        AcceptSlot accept = json.readValue(room + "\"proposal\":3}", AcceptSlot.class);
        assertThat(accept.proposal()).isEqualTo(3);
        assertThat(json.readValue(json.writeValueAsString(accept), AcceptSlot.class)).isEqualTo(accept);
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
