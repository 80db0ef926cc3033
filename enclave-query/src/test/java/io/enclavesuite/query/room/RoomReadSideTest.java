package io.enclavesuite.query.room;

import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.ReadModelDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The room projection for every coordination event, and the Coordination feed's labels and badge, on real PostgreSQL. */
class RoomReadSideTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000e1");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final TimeWindow TEN = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"));
    private static final TimeWindow NOON = new TimeWindow(Instant.parse("2026-12-01T12:00:00Z"),
            Instant.parse("2026-12-01T13:00:00Z"));

    private JdbcTemplate jdbc;
    private RoomProjection projection;
    private MockMvc api;
    private long sequence;
    private static final RoomPublicKey ROOM_KEY = new RoomPublicKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");

    @BeforeEach
    void setUp() {
        jdbc = ReadModelDatabase.fresh();
        projection = new RoomProjection(jdbc);
        api = ApiMockMvc.of(new RoomController(jdbc, new LiveFeeds(jdbc)));
    }

    private static CoordinationCreated created(CoordinationId room) {
        return new CoordinationCreated(room, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"), ALICE,
                List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(60),
                new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                T0.plus(Duration.ofHours(48)), null, T0, ROOM_KEY);
    }

    /** Bob joins by his rule, Carol is asked. */
    private void pending() {
        projection.on(created(ROOM), sequence++);
        projection.on(new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0), sequence++);
        projection.on(new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "team-mates", T0), sequence++);
        projection.on(new ParticipationApprovalRequested(ROOM, CAROL, "no autonomy rules: every invitation is asked",
                T0), sequence++);
    }

    private void open() {
        pending();
        projection.on(new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0), sequence++);
        projection.on(new CoordinationOpened(ROOM, T0, ROOM_KEY), sequence++);
    }

    private ResultActions feed(UserId who) throws Exception {
        return api.perform(get("/api/feed/coordination").with(reader(who.value()))).andExpect(status().isOk());
    }

    @Test
    void theApprovalPathNeedsTheAskedPersonAndTheAutoExecutedPathCarriesItsRule() throws Exception {
        pending();

        feed(CAROL).andExpect(jsonPath("$.badge").value(1))
                .andExpect(jsonPath("$.items[0].label").value("awaiting approval"))
                .andExpect(jsonPath("$.needsAttention[0].attention").value("your approval is needed before your agent joins"));
        feed(BOB).andExpect(jsonPath("$.badge").value(0))
                .andExpect(jsonPath("$.items[0].label").value("auto-executed"))
                .andExpect(jsonPath("$.items[0].ruleId").value("team-mates"));
        feed(UserId.of("U0EVE")).andExpect(jsonPath("$.items.length()").value(0)).andExpect(jsonPath("$.badge").value(0));
        NotFound.assertHiddenAnswersLikeUnknown(api, "U0EVE", "/api/rooms/" + ROOM.value(),
                "/api/rooms/room-00000000-0000-0000-0000-0000000000ff");
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0CAROL")))
                .andExpect(jsonPath("$.status").value("pending"))
                .andExpect(jsonPath("$.participants[2].authorization").value("awaiting-approval"))
                .andExpect(jsonPath("$.participants[2].approvalReason").value("no autonomy rules: every invitation is asked"))
                .andExpect(jsonPath("$.roomKey").doesNotExist());
    }

    @Test
    void anOpenRoomAsksForWindowsThenForAnAnswerToTheProposalThenResolves() throws Exception {
        open();
        feed(CAROL).andExpect(jsonPath("$.items[0].label").value("approved"))
                .andExpect(jsonPath("$.needsAttention[0].attention").value("share your availability windows"));
        // what the participants' agents seal their windows to, while windows may be shared
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0CAROL")))
                .andExpect(jsonPath("$.roomKey").value(ROOM_KEY.value()));

        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 2, T0), sequence++);
        }
        projection.on(new SlotsProposed(ROOM, List.of(TEN), T0), sequence++);
        projection.on(new SlotCountered(ROOM, CAROL, TEN, NOON, T0), sequence++);
        feed(BOB).andExpect(jsonPath("$.badge").value(1))
                .andExpect(jsonPath("$.needsAttention[0].attention").value("a slot is proposed: accept it or counter"));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.participants[0].submitted").value(true));

        projection.on(new SlotAccepted(ROOM, BOB, TEN, T0), sequence++);
        feed(BOB).andExpect(jsonPath("$.badge").value(0));
        projection.on(new SlotAccepted(ROOM, ALICE, TEN, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, CAROL, TEN, T0), sequence++);
        projection.on(new CoordinationResolved(ROOM, TEN, T0), sequence++);

        feed(CAROL).andExpect(jsonPath("$.items[0].label").value("resolved")).andExpect(jsonPath("$.badge").value(0));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.outcome.start").value("2026-12-01T10:00:00Z"))
                .andExpect(jsonPath("$.roomKey").doesNotExist());
        assertThat(jdbc.queryForObject("select count(*) from room_participant where accepted is not null",
                Integer.class)).isEqualTo(3);
    }

    @Test
    void aNewSubmissionVoidsProposalsAndAcceptancesAndAStaleEventChangesNothing() throws Exception {
        open();
        projection.on(new SlotsProposed(ROOM, List.of(TEN), T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, TEN, T0), sequence++);
        long stale = sequence - 1;
        projection.on(new WindowsSubmitted(ROOM, CAROL, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);

        projection.on(new SlotAccepted(ROOM, BOB, TEN, T0), stale); // delivered again, older than the room

        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.proposals.length()").value(0))
                .andExpect(jsonPath("$.participants[0].accepted").doesNotExist());
        projection.on(created(ROOM), 0); // and a replayed creation adds nobody twice
        assertThat(jdbc.queryForObject("select count(*) from room_participant", Integer.class)).isEqualTo(3);
    }

    @Test
    void aParticipantsOwnProposalJoinsTheProposalsOnceAndAsksTheOthers() throws Exception {
        open();
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);
        }
        projection.on(new SlotsProposed(ROOM, List.of(TEN), T0), sequence++);
        projection.on(new SlotProposed(ROOM, CAROL, NOON, T0), sequence++);
        projection.on(new SlotProposed(ROOM, BOB, TEN, T0), sequence++); // already proposed: not listed twice

        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.proposals[0].start").value("2026-12-01T10:00:00Z"))
                .andExpect(jsonPath("$.proposals[1].start").value("2026-12-01T12:00:00Z"));
        feed(ALICE).andExpect(jsonPath("$.needsAttention[0].attention").value("a slot is proposed: accept it or counter"));
    }

    @Test
    void aDeclineAbortsAndAnExpiryEnds() throws Exception {
        pending();
        projection.on(new CoordinationAborted(ROOM, AbortReason.DECLINED, CAROL, "busy", T0), sequence++);
        feed(CAROL).andExpect(jsonPath("$.items[0].label").value("aborted")).andExpect(jsonPath("$.badge").value(0));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.endedReason").value("declined"))
                .andExpect(jsonPath("$.endedBy").value("U0CAROL"))
                .andExpect(jsonPath("$.participants[2].authorization").value("declined"));

        CoordinationId other = CoordinationId.of("room-00000000-0000-0000-0000-0000000000e2");
        projection.on(created(other), 0);
        projection.on(new CoordinationExpired(other, T0.plus(Duration.ofHours(48))), 1);
        api.perform(get("/api/rooms/" + other.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.status").value("expired"));
        api.perform(get("/api/rooms").with(reader("U0BOB"))).andExpect(jsonPath("$.length()").value(2));
        api.perform(get("/api/feed/coordination/badge").with(reader("U0BOB"))).andExpect(jsonPath("$.badge").value(0));
    }

    /** After expiry or abort the room keeps status, purpose, participants and the ending: never a time they shared. */
    @Test
    void anExpiredOrAbortedRoomForgetsEveryTimeItsParticipantsShared() throws Exception {
        open();
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);
        }
        projection.on(new SlotsProposed(ROOM, List.of(TEN), T0), sequence++);
        projection.on(new SlotCountered(ROOM, CAROL, TEN, NOON, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, TEN, T0), sequence++);
        projection.on(new CoordinationAborted(ROOM, AbortReason.WITHDRAWN, CAROL, "plans changed", T0), sequence++);

        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.status").value("aborted"))
                .andExpect(jsonPath("$.purpose").value("Q1 planning"))
                .andExpect(jsonPath("$.participants.length()").value(3))
                .andExpect(jsonPath("$.endedReason").value("withdrawn"))
                .andExpect(jsonPath("$.proposals.length()").value(0))
                .andExpect(jsonPath("$.roomKey").doesNotExist());
        String everything = String.join("\n", jdbc.queryForList("select r::text from room r", String.class))
                + String.join("\n", jdbc.queryForList("select p::text from room_participant p", String.class));
        assertThat(everything).doesNotContain("2026-12-01");

        CoordinationId other = CoordinationId.of("room-00000000-0000-0000-0000-0000000000e3");
        projection.on(created(other), 0);
        projection.on(new CoordinationOpened(other, T0, ROOM_KEY), 1);
        projection.on(new SlotsProposed(other, List.of(TEN), T0), 2);
        projection.on(new SlotAccepted(other, ALICE, TEN, T0), 3);
        projection.on(new CoordinationExpired(other, T0.plus(Duration.ofHours(48))), 4);
        assertThat(jdbc.queryForObject("select proposals::text from room where room_id = ?", String.class,
                other.value())).isEqualTo("[]");
        assertThat(jdbc.queryForObject("select count(*) from room_participant where accepted is not null",
                Integer.class)).isZero();
    }
}
