package io.enclavesuite.query.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The disclosure ledger of a room, derived from its events as the history keeps them (real PostgreSQL, filled through
 * the history projection): each disclosure with whom it reached and until when it could be read, in the ledger, in
 * the room's history and in "Why?" — and never a time a participant shared.
 */
class DisclosureLedgerTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000a1");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final RoomSeals.RoomKeyPair KEYS = RoomSeals.generate();
    private static final RoomPublicKey ROOM_KEY = new RoomPublicKey(KEYS.publicKey());
    /** The slots the room talked about: none of their times may appear in any entry. */
    private static final TimeWindow FIRST = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:30:00Z"));
    private static final TimeWindow SECOND = new TimeWindow(Instant.parse("2026-12-02T14:15:00Z"),
            Instant.parse("2026-12-02T14:45:00Z"));
    private static final TimeWindow BOBS = new TimeWindow(Instant.parse("2026-12-04T09:05:00Z"),
            Instant.parse("2026-12-04T09:35:00Z"));
    private static final TimeWindow COUNTER = new TimeWindow(Instant.parse("2026-12-03T16:20:00Z"),
            Instant.parse("2026-12-03T16:50:00Z"));

    private final RecordedHistory history = new RecordedHistory();
    private final MockMvc api = ApiMockMvc.of(new DisclosureController(history.access, history.disclosures),
            new HistoryController(history.jdbc, history.access, history.disclosures),
            new WhyController(history.jdbc, history.access, history.disclosures));
    private long sequence;

    /** The room's next event, a minute after the one before; the actor is whoever the event names, or the service. */
    private void deliver(String actor, Function<Instant, Object> event) throws Exception {
        Instant at = T0.plus(Duration.ofMinutes(sequence));
        history.record(ROOM.value(), sequence, event.apply(at), at,
                RecordedHistory.metadata(actor, "saga", null, "t-" + sequence, "t-" + sequence));
        sequence++;
    }

    /** Proposal {@code number} as coordination-service keeps it: sealed to the room's key. */
    private static Proposal proposal(int number, TimeWindow slot) {
        return new Proposal(number, RoomSeals.sealProposal(KEYS.publicKey(), ROOM, number, slot));
    }

    private static String minute(long sequence) {
        return T0.plus(Duration.ofMinutes(sequence)).toString();
    }

    private void openRoomWithWindowsFromEveryone() throws Exception {
        deliver("U0ALICE", at -> new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("retro"),
                ALICE, List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                at.plus(Duration.ofDays(2)), null, at, ROOM_KEY));                                        // 0
        deliver("U0ALICE", at -> new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", at));
        deliver("U0BOB", at -> new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "team-mates", at));
        deliver("U0CAROL", at -> new ParticipationApprovalRequested(ROOM, CAROL, "no rule of theirs matches", at));
        deliver("U0CAROL", at -> new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, at));
        deliver("saga", at -> new CoordinationOpened(ROOM, at, ROOM_KEY));                               // 5
        deliver("U0ALICE", at -> new WindowsSubmitted(ROOM, ALICE, new SealedWindows("QUxJQ0U"), 3, at));  // 6
        deliver("U0BOB", at -> new WindowsSubmitted(ROOM, BOB, new SealedWindows("Qk9C"), 1, at));         // 7
        deliver("U0CAROL", at -> new WindowsSubmitted(ROOM, CAROL, new SealedWindows("Q0FST0w"), 4, at));  // 8
    }

    @Test
    void aResolvedRoomsLedgerSaysWhatReachedWhomAndUntilWhen() throws Exception {
        openRoomWithWindowsFromEveryone();
        deliver("saga", at -> new SlotsProposed(ROOM, List.of(proposal(1, FIRST), proposal(2, SECOND)), at)); // 9
        deliver("U0BOB", at -> new SlotProposed(ROOM, BOB, proposal(3, BOBS), at));                       // 10
        deliver("U0CAROL", at -> new SlotCountered(ROOM, CAROL, 3, proposal(4, COUNTER), at));            // 11
        deliver("U0ALICE", at -> new WindowsAcknowledged(ROOM, ALICE, 4, at));                            // 12
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            deliver(person.value(), at -> new SlotAccepted(ROOM, person, 4, at));                         // 13-15
        }
        deliver("saga", at -> new CoordinationResolved(ROOM, COUNTER, at));                               // 16
        deliver("saga", at -> new ReceiptIssued("coordination", ROOM.value(), "receipt-a1",
                List.of("U0ALICE", "U0BOB", "U0CAROL"), EnclaveJson.mapper().valueToTree(COUNTER), at));  // 17

        // before shredding, the sealed windows and slots are readable until the room's key goes
        api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disclosures[?(@.sequence == 7)].until")
                        .value("until the room's key is destroyed"))
                .andExpect(jsonPath("$.disclosures[?(@.sequence == 9)].until")
                        .value("until the room's key is destroyed"))
                .andExpect(jsonPath("$.disclosures[?(@.sequence == 13)].until")
                        .value("until the room's key is destroyed"));

        deliver("saga", at -> new CoordinationDataShredded(ROOM, at));                                    // 18
        String shredded = minute(18);

        String ledger = api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures").with(reader("U0BOB")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.room").value(ROOM.value()))
                // the room's creation and who joined how
                .andExpect(jsonPath("$.disclosures[0].sequence").value(0))
                .andExpect(jsonPath("$.disclosures[0].by").value("U0ALICE"))
                .andExpect(jsonPath("$.disclosures[0].what").value(
                        "the room's purpose, its 3 participants, the meeting's length and the search range"))
                .andExpect(jsonPath("$.disclosures[0].to").value(contains("U0BOB", "U0CAROL", "the room's service")))
                .andExpect(jsonPath("$.disclosures[2].what").value(
                        "that they take part: their agent joined under their rule 'team-mates'"))
                // the windows: sealed, to the others and the room's service, until the key was destroyed
                .andExpect(jsonPath("$.disclosures[5].sequence").value(6))
                .andExpect(jsonPath("$.disclosures[5].at").value(minute(6)))
                .andExpect(jsonPath("$.disclosures[5].by").value("U0ALICE"))
                .andExpect(jsonPath("$.disclosures[5].what").value("3 availability windows, sealed to the room's key"))
                .andExpect(jsonPath("$.disclosures[5].to").value(contains("U0BOB", "U0CAROL", "the room's service")))
                .andExpect(jsonPath("$.disclosures[5].how").value("sealed; opened only by the room's service"))
                .andExpect(jsonPath("$.disclosures[5].until").value(shredded))
                .andExpect(jsonPath("$.disclosures[6].what").value("1 availability window, sealed to the room's key"))
                .andExpect(jsonPath("$.disclosures[6].to").value(contains("U0ALICE", "U0CAROL", "the room's service")))
                .andExpect(jsonPath("$.disclosures[7].until").value(shredded))
                // what the room proposed, to everyone, and the replies: numbered, sealed, until the key was destroyed
                .andExpect(jsonPath("$.disclosures[8].sequence").value(9))
                .andExpect(jsonPath("$.disclosures[8].by").value("the room"))
                .andExpect(jsonPath("$.disclosures[8].what").value("2 candidate slots from the overlap of everyone's "
                        + "windows (proposals 1 and 2), sealed to the room's key"))
                .andExpect(jsonPath("$.disclosures[8].to").value(contains("U0ALICE", "U0BOB", "U0CAROL")))
                .andExpect(jsonPath("$.disclosures[8].how").value("sealed; opened only by the room's service"))
                .andExpect(jsonPath("$.disclosures[8].until").value(shredded))
                .andExpect(jsonPath("$.disclosures[8].note").value(RoomDisclosures.PROPOSAL_NOTE))
                .andExpect(jsonPath("$.disclosures[9].by").value("U0BOB"))
                .andExpect(jsonPath("$.disclosures[9].what").value("a proposal, numbered 3, sealed to the room's key"))
                .andExpect(jsonPath("$.disclosures[9].until").value(shredded))
                .andExpect(jsonPath("$.disclosures[10].by").value("U0CAROL"))
                .andExpect(jsonPath("$.disclosures[10].what").value("a counter-proposal, numbered 4, in place of "
                        + "proposal 3, which they rejected, sealed to the room's key"))
                .andExpect(jsonPath("$.disclosures[10].to").value(contains("U0ALICE", "U0BOB", "the room's service")))
                .andExpect(jsonPath("$.disclosures[10].how").value("sealed; opened only by the room's service"))
                .andExpect(jsonPath("$.disclosures[10].until").value(shredded))
                .andExpect(jsonPath("$.disclosures[11].what").value(
                        "that proposal 4 suits them (its time sealed to the room's key)"))
                .andExpect(jsonPath("$.disclosures[11].until").value(shredded))
                .andExpect(jsonPath("$.disclosures[12].what").value(
                        "their acceptance of proposal 4 (its time sealed to the room's key)"))
                .andExpect(jsonPath("$.disclosures[12].how").value("sealed; opened only by the room's service"))
                .andExpect(jsonPath("$.disclosures[14].until").value(shredded))
                // the outcome and the receipt, kept
                .andExpect(jsonPath("$.disclosures[15].sequence").value(16))
                .andExpect(jsonPath("$.disclosures[15].what").value("the agreed slot"))
                .andExpect(jsonPath("$.disclosures[15].to").value(contains("U0ALICE", "U0BOB", "U0CAROL")))
                .andExpect(jsonPath("$.disclosures[15].until").value("kept"))
                .andExpect(jsonPath("$.disclosures[16].what").value(
                        "the receipt: the room's purpose, its participants and the agreed slot, signed"))
                .andExpect(jsonPath("$.disclosures[16].to").value(contains("U0ALICE", "U0BOB", "U0CAROL")))
                .andExpect(jsonPath("$.disclosures[16].until").value("kept"))
                // and the end of every sealed copy
                .andExpect(jsonPath("$.disclosures.length()").value(18))
                .andExpect(jsonPath("$.disclosures[17].at").value(shredded))
                .andExpect(jsonPath("$.disclosures[17].what").value("room key destroyed: every sealed copy unreadable"))
                .andExpect(jsonPath("$.disclosures[17].to").isEmpty())
                .andReturn().getResponse().getContentAsString();
        assertNoSharedTime(ledger);

        // the room's history: each item that disclosed something says so, the others do not
        String page = api.perform(get("/api/rooms/" + ROOM.value() + "/history").with(reader("U0CAROL")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[5].type").value("CoordinationOpened"))
                .andExpect(jsonPath("$.items[5].disclosed").doesNotExist())
                .andExpect(jsonPath("$.items[7].disclosed.by").value("U0BOB"))
                .andExpect(jsonPath("$.items[7].disclosed.what").value("1 availability window, sealed to the room's key"))
                .andExpect(jsonPath("$.items[7].disclosed.until").value(shredded))
                .andExpect(jsonPath("$.items[7].disclosed.sequence").doesNotExist())
                .andExpect(jsonPath("$.items[16].disclosed.what").value("the agreed slot"))
                .andReturn().getResponse().getContentAsString();
        assertThat(page).as("the payloads beside them hold the agreed slot").contains(COUNTER.start().toString())
                .as("and the proposals by number only").doesNotContain(FIRST.start().toString(),
                        SECOND.start().toString(), BOBS.start().toString(), "\"slot\":\"");
        assertNoSharedTime(disclosedParts(page));
        String export = api.perform(get("/api/rooms/" + ROOM.value() + "/history").with(reader("U0CAROL"))
                .header("Accept", "application/x-ndjson")).andReturn().getResponse().getContentAsString();
        assertThat(export.lines().filter(line -> line.contains("\"disclosed\""))).hasSize(18);

        // "Why?" of a counter-proposal: what it disclosed, to whom
        String why = api.perform(get("/api/why").with(reader("U0ALICE")).param("aggregate", ROOM.value())
                        .param("sequence", "11"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item.type").value("SlotCountered"))
                .andExpect(jsonPath("$.disclosed.by").value("U0CAROL"))
                .andExpect(jsonPath("$.disclosed.what").value("a counter-proposal, numbered 4, in place of "
                        + "proposal 3, which they rejected, sealed to the room's key"))
                .andExpect(jsonPath("$.disclosed.to").value(contains("U0ALICE", "U0BOB", "the room's service")))
                .andExpect(jsonPath("$.disclosed.how").value("sealed; opened only by the room's service"))
                .andExpect(jsonPath("$.disclosed.until").value(shredded))
                .andReturn().getResponse().getContentAsString();
        assertNoSharedTime(EnclaveJson.mapper().readTree(why).path("disclosed").toString());
        api.perform(get("/api/why").with(reader("U0ALICE")).param("aggregate", ROOM.value()).param("sequence", "5"))
                .andExpect(jsonPath("$.disclosed").doesNotExist());
    }

    @Test
    void anAbortedRoomsWindowsWereReadableUntilItsKeyWasDestroyed() throws Exception {
        openRoomWithWindowsFromEveryone();
        deliver("U0CAROL", at -> new CoordinationAborted(ROOM, AbortReason.WITHDRAWN, CAROL, "plans changed", at)); // 9
        deliver("saga", at -> new CoordinationDataShredded(ROOM, at));                                    // 10

        String ledger = api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures").with(reader("U0ALICE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disclosures.length()").value(10))
                .andExpect(jsonPath("$.disclosures[5].until").value(minute(10)))
                .andExpect(jsonPath("$.disclosures[6].until").value(minute(10)))
                .andExpect(jsonPath("$.disclosures[7].by").value("U0CAROL"))
                .andExpect(jsonPath("$.disclosures[7].until").value(minute(10)))
                .andExpect(jsonPath("$.disclosures[8].sequence").value(9))
                .andExpect(jsonPath("$.disclosures[8].what").value("that they withdrew, with their note"))
                .andExpect(jsonPath("$.disclosures[8].to").value(contains("U0ALICE", "U0BOB", "the room's service")))
                .andExpect(jsonPath("$.disclosures[9].what").value("room key destroyed: every sealed copy unreadable"))
                .andReturn().getResponse().getContentAsString();
        assertThat(ledger).doesNotContain("candidate", "agreed slot", "receipt");
    }

    /**
     * A room whose slot events are of revision 1 (slots in clear, before they were sealed), read from their stored
     * JSON: each is described as it was sent — in clear, kept by the event store — with no number and never its time.
     */
    @Test
    void aRevisionOneRoomsSlotsWereSentInClearAndAreKept() throws Exception {
        openRoomWithWindowsFromEveryone();
        deliver("saga", at -> revisionOne(SlotsProposed.class, "\"candidates\":[" + clear(FIRST) + "," + clear(SECOND)
                + "]", at));                                                                              // 9
        deliver("U0BOB", at -> revisionOne(SlotProposed.class, "\"participant\":\"U0BOB\",\"slot\":" + clear(BOBS),
                at));                                                                                     // 10
        deliver("U0CAROL", at -> revisionOne(SlotCountered.class, "\"participant\":\"U0CAROL\",\"rejected\":"
                + clear(BOBS) + ",\"alternative\":" + clear(COUNTER), at));                               // 11
        deliver("U0ALICE", at -> revisionOne(WindowsAcknowledged.class, "\"participant\":\"U0ALICE\",\"slot\":"
                + clear(COUNTER), at));                                                                   // 12
        deliver("U0ALICE", at -> revisionOne(SlotAccepted.class, "\"participant\":\"U0ALICE\",\"slot\":"
                + clear(COUNTER), at));                                                                   // 13
        deliver("saga", at -> new CoordinationDataShredded(ROOM, at));                                    // 14
        // history rows recorded before proposals were numbered hold the revision-1 payloads themselves, slots in clear
        history.jdbc.update("update event_history set payload = ?::jsonb where aggregate_id = ? and sequence = 9",
                "{\"coordinationId\":\"" + ROOM.value() + "\",\"candidates\":[" + clear(FIRST) + "," + clear(SECOND)
                        + "],\"at\":\"" + minute(9) + "\"}", ROOM.value());
        history.jdbc.update("update event_history set payload = ?::jsonb where aggregate_id = ? and sequence = 13",
                "{\"coordinationId\":\"" + ROOM.value() + "\",\"participant\":\"U0ALICE\",\"slot\":" + clear(COUNTER)
                        + ",\"at\":\"" + minute(13) + "\"}", ROOM.value());

        String ledger = api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures").with(reader("U0ALICE")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.disclosures.length()").value(14))
                .andExpect(jsonPath("$.disclosures[5].until").value(minute(14)))
                .andExpect(jsonPath("$.disclosures[8].what").value(
                        "2 candidate slots from the overlap of everyone's windows"))
                .andExpect(jsonPath("$.disclosures[8].how").value("in clear"))
                .andExpect(jsonPath("$.disclosures[8].until").value("kept"))
                .andExpect(jsonPath("$.disclosures[9].what").value("a proposal"))
                .andExpect(jsonPath("$.disclosures[9].until").value("kept"))
                .andExpect(jsonPath("$.disclosures[10].what").value(
                        "a counter-proposal, in place of a proposal they rejected"))
                .andExpect(jsonPath("$.disclosures[10].how").value("in clear"))
                .andExpect(jsonPath("$.disclosures[11].what").value("that a proposal suits them"))
                .andExpect(jsonPath("$.disclosures[11].until").value("kept"))
                .andExpect(jsonPath("$.disclosures[12].what").value("their acceptance of a proposal"))
                .andExpect(jsonPath("$.disclosures[12].how").value("in clear"))
                .andExpect(jsonPath("$.disclosures[12].until").value("kept"))
                .andReturn().getResponse().getContentAsString();
        assertNoSharedTime(ledger);
    }

    /** A slot in clear as revision-1 events held it. */
    private static String clear(TimeWindow slot) {
        return "{\"start\":\"" + slot.start() + "\",\"end\":\"" + slot.end() + "\",\"confidence\":\"high\"}";
    }

    /** An event of revision 1 read from its stored JSON, as the event topics read it now. */
    private static <T> T revisionOne(Class<T> type, String fields, Instant at) {
        try {
            return EnclaveJson.mapper().readValue("{\"coordinationId\":\"" + ROOM.value() + "\"," + fields
                    + ",\"at\":\"" + at + "\"}", type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void whoIsNotInTheRoomGetsTheAnswerForNoRoom() throws Exception {
        openRoomWithWindowsFromEveryone();

        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/rooms/" + ROOM.value() + "/disclosures",
                "/api/rooms/room-00000000-0000-0000-0000-0000000000ff/disclosures");
        api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures"))
                .andExpect(status().isUnauthorized());
        api.perform(get("/api/rooms/" + ROOM.value() + "/disclosures").with(reader("U0CAROL")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/json"));
    }

    /** Every time the room's slots held, as ISO text, epoch seconds and epoch milliseconds, is absent. */
    private static void assertNoSharedTime(String text) {
        List<String> times = new ArrayList<>();
        for (TimeWindow slot : List.of(FIRST, SECOND, BOBS, COUNTER)) {
            for (Instant instant : List.of(slot.start(), slot.end())) {
                times.add(instant.toString());
                times.add(Long.toString(instant.getEpochSecond()));
                times.add(Long.toString(instant.toEpochMilli()));
            }
        }
        assertThat(text).isNotBlank();
        for (String time : times) {
            assertThat(text).doesNotContain(time);
        }
        assertThat(text).doesNotContain("2026-12-0");
    }

    /** The {@code disclosed} parts of a history page, which carries the slots' times elsewhere, in its payloads. */
    private static String disclosedParts(String page) throws Exception {
        JsonNode items = EnclaveJson.mapper().readTree(page).path("items");
        StringBuilder disclosed = new StringBuilder();
        items.forEach(item -> disclosed.append(item.path("disclosed")));
        return disclosed.toString();
    }
}
