package io.enclavesuite.query.room;

import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.PolicyRuleIds;
import io.enclavesuite.api.coordination.TrustLabel;
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
import io.enclavesuite.query.ApiMockMvc;
import io.enclavesuite.query.NotFound;
import io.enclavesuite.query.ReadModelDatabase;
import io.enclavesuite.trust.RoomSeals;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.api.EnclaveJson.mapper;
import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The room projection for every coordination event, and the Coordination feed's labels and badge, on real PostgreSQL.
 * Proposals arrive as events hold them since slots are sealed (numbered, sealed to the room's key for real) and as
 * revision-1 events held them (in clear); the room shows numbers, never an open room's time.
 */
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

    private static final TimeWindow THREE = new TimeWindow(Instant.parse("2026-12-02T15:00:00Z"),
            Instant.parse("2026-12-02T16:00:00Z"));
    private static final RoomSeals.RoomKeyPair KEYS = RoomSeals.generate();
    private static final RoomPublicKey ROOM_KEY = new RoomPublicKey(KEYS.publicKey());

    static final LiveFeeds.Settings LIVE = new LiveFeeds.Settings(5, Duration.ofSeconds(20));

    private JdbcTemplate jdbc;
    private RoomProjection projection;
    private MockMvc api;
    private long sequence;

    /** Proposal {@code number} of {@link #ROOM} as coordination-service keeps it: sealed to the room's key. */
    private static Proposal proposal(int number, TimeWindow slot) {
        return new Proposal(number, RoomSeals.sealProposal(KEYS.publicKey(), ROOM, number, slot));
    }

    @BeforeEach
    void setUp() {
        jdbc = ReadModelDatabase.fresh();
        projection = new RoomProjection(jdbc);
        api = ApiMockMvc.of(new RoomController(jdbc, new LiveFeeds(jdbc, LIVE)));
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
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN)), T0), sequence++);
        projection.on(new SlotCountered(ROOM, CAROL, 1, proposal(2, NOON), T0), sequence++);
        feed(BOB).andExpect(jsonPath("$.badge").value(1))
                .andExpect(jsonPath("$.needsAttention[0].attention").value("a slot is proposed: accept it or counter"));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.proposals[0].number").value(1))
                .andExpect(jsonPath("$.proposals[0].proposedBy").value(nullValue()))
                .andExpect(jsonPath("$.proposals[1].number").value(2))
                .andExpect(jsonPath("$.proposals[1].proposedBy").value("U0CAROL"))
                .andExpect(jsonPath("$.proposalTimes").value("/internal/rooms/" + ROOM.value() + "/proposals"))
                .andExpect(jsonPath("$.participants[0].submitted").value(true));

        projection.on(new SlotAccepted(ROOM, BOB, 2, T0), sequence++);
        feed(BOB).andExpect(jsonPath("$.badge").value(0));
        projection.on(new WindowsAcknowledged(ROOM, ALICE, 2, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, ALICE, 2, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, CAROL, 2, T0), sequence++);
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.proposals[0].acceptedBy").value(empty()))
                .andExpect(jsonPath("$.proposals[1].acceptedBy").value(contains("U0ALICE", "U0BOB", "U0CAROL")))
                .andExpect(jsonPath("$.proposals[1].acknowledgedBy").value(contains("U0ALICE")))
                .andExpect(jsonPath("$.participants[1].accepted").value(2));
        projection.on(new CoordinationResolved(ROOM, NOON, T0), sequence++);

        feed(CAROL).andExpect(jsonPath("$.items[0].label").value("resolved")).andExpect(jsonPath("$.badge").value(0));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.outcome.start").value("2026-12-01T12:00:00Z"))
                .andExpect(jsonPath("$.outcome.end").value("2026-12-01T13:00:00Z"))
                .andExpect(jsonPath("$.roomKey").doesNotExist())
                .andExpect(jsonPath("$.proposalTimes").doesNotExist());
        assertThat(jdbc.queryForObject("select count(*) from room_participant where accepted is not null",
                Integer.class)).isEqualTo(3);
    }

    @Test
    void aNewSubmissionVoidsProposalsAndAcceptancesAndAStaleEventChangesNothing() throws Exception {
        open();
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN)), T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, 1, T0), sequence++);
        long stale = sequence - 1;
        projection.on(new WindowsSubmitted(ROOM, CAROL, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);

        projection.on(new SlotAccepted(ROOM, BOB, 1, T0), stale); // delivered again, older than the room

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
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN)), T0), sequence++);
        projection.on(new SlotProposed(ROOM, CAROL, proposal(2, NOON), T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, 2, T0), sequence++);
        // Bob counters his own choice with a time already proposed: proposal 1 again, not listed twice
        projection.on(new SlotCountered(ROOM, BOB, 2, proposal(1, TEN), T0), sequence++);
        projection.on(new SlotProposed(ROOM, CAROL, proposal(2, NOON), T0), sequence++);

        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.proposals[0].number").value(1))
                .andExpect(jsonPath("$.proposals[0].proposedBy").value(nullValue()))
                .andExpect(jsonPath("$.proposals[1].number").value(2))
                .andExpect(jsonPath("$.proposals[1].proposedBy").value("U0CAROL"))
                .andExpect(jsonPath("$.proposals[1].acceptedBy").value(empty()))
                .andExpect(jsonPath("$.participants[1].accepted").doesNotExist());
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

    /** A draft is approved like a request but labelled as one; deferring leaves the feed's Needs attention only. */
    @Test
    void aDraftedJoiningIsLabelledDraftedAndADeferralLeavesNeedsAttentionButNotTheFeed() throws Exception {
        projection.on(created(ROOM), sequence++);
        projection.on(new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0), sequence++);
        Instant approveBy = T0.plus(Duration.ofHours(24));
        projection.on(new ParticipationApprovalRequested(ROOM, BOB, "the weekly budget is spent", T0, TrustLabel.DRAFTED,
                PolicyRuleIds.WEEKLY_BUDGET, approveBy), sequence++);
        projection.on(new ParticipationApprovalRequested(ROOM, CAROL, "no autonomy rules: every invitation is asked",
                T0), sequence++);

        feed(BOB).andExpect(jsonPath("$.badge").value(1))
                .andExpect(jsonPath("$.items[0].label").value("drafted"))
                .andExpect(jsonPath("$.needsAttention[0].attention")
                        .value("your agent drafted joining: approve it by " + approveBy + " or the room is aborted"));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.participants[1].authorization").value("drafted"))
                .andExpect(jsonPath("$.participants[1].ruleId").value("weekly-budget"))
                .andExpect(jsonPath("$.participants[1].approveBy").value(approveBy.toString()));

        projection.on(new ApprovalDeferred(ROOM, CAROL, T0.plusSeconds(60)), sequence++);

        feed(CAROL).andExpect(jsonPath("$.badge").value(0))
                .andExpect(jsonPath("$.needsAttention.length()").value(0))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].label").value("awaiting approval"))
                .andExpect(jsonPath("$.items[0].deferred").value(true));
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0CAROL")))
                .andExpect(jsonPath("$.participants[2].authorization").value("awaiting-approval"))
                .andExpect(jsonPath("$.participants[2].deferredAt").value(T0.plusSeconds(60).toString()));
        // approving after deferring still works as ever
        projection.on(new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0), sequence++);
        feed(CAROL).andExpect(jsonPath("$.items[0].label").value("waiting for others"))
                .andExpect(jsonPath("$.items[0].deferred").doesNotExist());
    }

    /** A participant's policy refused: the room shows who, under which rule and why, and asks nobody any more. */
    @Test
    void aPolicyRefusalAbortsTheRoomNamingTheRule() throws Exception {
        pending();
        projection.on(new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, CAROL, PolicyRuleIds.INBOUND_RATE_LIMIT,
                T0, "U0CAROL takes at most 10 invitations an hour from U0ALICE"), sequence++);

        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.status").value("aborted"))
                .andExpect(jsonPath("$.endedReason").value("policy-refused"))
                .andExpect(jsonPath("$.endedBy").value("U0CAROL"))
                .andExpect(jsonPath("$.endedRule").value("inbound-rate-limit"))
                .andExpect(jsonPath("$.endedExplanation").value("U0CAROL takes at most 10 invitations an hour from U0ALICE"));
        feed(CAROL).andExpect(jsonPath("$.badge").value(0))
                .andExpect(jsonPath("$.items[0].label").value("aborted"))
                .andExpect(jsonPath("$.items[0].endedRule").value("inbound-rate-limit"));
        // a decline's own note is the person's, not a rule: it stays out of the view
        CoordinationId other = CoordinationId.of("room-00000000-0000-0000-0000-0000000000e3");
        projection.on(created(other), 0);
        projection.on(new CoordinationAborted(other, AbortReason.DECLINED, CAROL, "busy", T0), 1);
        api.perform(get("/api/rooms/" + other.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.endedRule").doesNotExist());
    }

    /** After expiry or abort the room keeps status, purpose, participants and the ending: never a time they shared. */
    @Test
    void anExpiredOrAbortedRoomForgetsEveryTimeItsParticipantsShared() throws Exception {
        open();
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);
        }
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN)), T0), sequence++);
        projection.on(new SlotCountered(ROOM, CAROL, 1, proposal(2, NOON), T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, 1, T0), sequence++);
        projection.on(new WindowsAcknowledged(ROOM, ALICE, 2, T0), sequence++);
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
        projection.on(new SlotsProposed(other, List.of(proposal(1, TEN)), T0), 2);
        projection.on(new SlotAccepted(other, ALICE, 1, T0), 3);
        projection.on(new CoordinationExpired(other, T0.plus(Duration.ofHours(48))), 4);
        assertThat(jdbc.queryForObject("select proposals::text from room where room_id = ?", String.class,
                other.value())).isEqualTo("[]");
        assertThat(jdbc.queryForObject("select count(*) from room_participant where accepted is not null",
                Integer.class)).isZero();
    }

    /**
     * Issue 26: while a room is open its read model and every answer about it hold proposals as numbers with who
     * proposed, accepted and acknowledged each — no time of any slot in any encoding — and say where a participant
     * reads the times; once resolved, the agreed slot is shown.
     */
    @Test
    void anOpenRoomShowsItsProposalsByNumberAndNeverTheirTimes() throws Exception {
        open();
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 2, T0), sequence++);
        }
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN), proposal(2, NOON)), T0), sequence++);
        projection.on(new SlotProposed(ROOM, BOB, proposal(3, THREE), T0), sequence++);
        projection.on(new WindowsAcknowledged(ROOM, CAROL, 3, T0), sequence++);
        projection.on(new WindowsAcknowledged(ROOM, CAROL, 3, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, ALICE, 3, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, 1, T0), sequence++);

        String room = api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0CAROL")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("open"))
                .andExpect(jsonPath("$.proposals.length()").value(3))
                .andExpect(jsonPath("$.proposals[0].number").value(1))
                .andExpect(jsonPath("$.proposals[0].acceptedBy").value(contains("U0BOB")))
                .andExpect(jsonPath("$.proposals[1].number").value(2))
                .andExpect(jsonPath("$.proposals[1].acceptedBy").value(empty()))
                .andExpect(jsonPath("$.proposals[2].number").value(3))
                .andExpect(jsonPath("$.proposals[2].proposedBy").value("U0BOB"))
                .andExpect(jsonPath("$.proposals[2].acceptedBy").value(contains("U0ALICE")))
                .andExpect(jsonPath("$.proposals[2].acknowledgedBy").value(contains("U0CAROL")))
                .andExpect(jsonPath("$.participants[0].accepted").value(3))
                .andExpect(jsonPath("$.participants[1].accepted").value(1))
                .andExpect(jsonPath("$.participants[2].accepted").doesNotExist())
                .andExpect(jsonPath("$.proposalTimes").value("/internal/rooms/" + ROOM.value() + "/proposals"))
                .andReturn().getResponse().getContentAsString();
        assertNoSlotTime(room);
        assertNoSlotTime(answer("/api/rooms", CAROL));
        assertNoSlotTime(answer("/api/feed/coordination", CAROL));
        assertNoSlotTime(readModel());

        projection.on(new SlotAccepted(ROOM, CAROL, 3, T0), sequence++);
        projection.on(new SlotAccepted(ROOM, BOB, 3, T0), sequence++);
        projection.on(new CoordinationResolved(ROOM, THREE, T0), sequence++);
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0BOB")))
                .andExpect(jsonPath("$.status").value("resolved"))
                .andExpect(jsonPath("$.outcome.start").value("2026-12-02T15:00:00Z"))
                .andExpect(jsonPath("$.outcome.end").value("2026-12-02T16:00:00Z"))
                .andExpect(jsonPath("$.proposals[2].acceptedBy").value(contains("U0ALICE", "U0BOB", "U0CAROL")));
    }

    /**
     * Events of revision 1, from before slots were sealed, held their slots in clear: read now (from their stored
     * JSON, as the event topics hand it over), their proposals are counted with no number and no time.
     */
    @Test
    void aRevisionOneEventsProposalsAreCountedWithoutTheirTimes() throws Exception {
        open();
        for (UserId person : List.of(ALICE, BOB, CAROL)) {
            projection.on(new WindowsSubmitted(ROOM, person, new SealedWindows("c2VhbGVk"), 1, T0), sequence++);
        }
        String room = "\"" + ROOM.value() + "\"";
        String ten = "{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\",\"confidence\":\"high\"}";
        String noon = "{\"start\":\"2026-12-01T12:00:00Z\",\"end\":\"2026-12-01T13:00:00Z\",\"confidence\":\"high\"}";
        projection.on(mapper().readValue("{\"coordinationId\":" + room + ",\"candidates\":[" + ten
                + "],\"at\":\"2026-11-23T09:00:00Z\"}", SlotsProposed.class), sequence++);
        projection.on(mapper().readValue("{\"coordinationId\":" + room + ",\"participant\":\"U0CAROL\",\"rejected\":"
                + ten + ",\"alternative\":" + noon + ",\"at\":\"2026-11-23T09:00:00Z\"}", SlotCountered.class),
                sequence++);
        projection.on(mapper().readValue("{\"coordinationId\":" + room + ",\"participant\":\"U0BOB\",\"slot\":"
                + noon + ",\"at\":\"2026-11-23T09:00:00Z\"}", SlotAccepted.class), sequence++);
        projection.on(mapper().readValue("{\"coordinationId\":" + room + ",\"participant\":\"U0ALICE\",\"slot\":"
                + noon + ",\"at\":\"2026-11-23T09:00:00Z\"}", WindowsAcknowledged.class), sequence++);

        String answer = api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.proposals[0].number").doesNotExist())
                .andExpect(jsonPath("$.proposals[0].proposedBy").value(nullValue()))
                .andExpect(jsonPath("$.proposals[1].number").doesNotExist())
                .andExpect(jsonPath("$.proposals[1].proposedBy").value("U0CAROL"))
                .andExpect(jsonPath("$.proposals[1].acceptedBy").value(empty()))
                // Bob accepted a proposal; which one the event no longer says
                .andExpect(jsonPath("$.participants[1].accepted").value(nullValue()))
                .andReturn().getResponse().getContentAsString();
        assertNoSlotTime(answer);
        assertNoSlotTime(readModel());
        feed(BOB).andExpect(jsonPath("$.badge").value(0));
        feed(ALICE).andExpect(jsonPath("$.needsAttention[0].attention").value("a slot is proposed: accept it or counter"));
    }

    /** Rows written before proposals were numbered held their slots in clear: V14 keeps their count, never a time. */
    @Test
    void roomsProjectedBeforeProposalsWereNumberedKeepTheirCountButNoTime() throws Exception {
        jdbc = ReadModelDatabase.upTo(MigrationVersion.fromVersion("13"));
        // today's projection writes the old rows, and writes columns V16 adds: those come early (V16 finds them)
        jdbc.execute("alter table room_participant add column approve_by timestamptz, add column deferred_at timestamptz");
        projection = new RoomProjection(jdbc);
        api = ApiMockMvc.of(new RoomController(jdbc, new LiveFeeds(jdbc, LIVE)));
        open();
        String ten = "{\"start\":\"2026-12-01T10:00:00Z\",\"end\":\"2026-12-01T11:00:00Z\",\"confidence\":\"high\"}";
        String noon = "{\"start\":\"2026-12-01T12:00:00Z\",\"end\":\"2026-12-01T13:00:00Z\",\"confidence\":\"high\"}";
        jdbc.update("update room set proposals = ?::jsonb", "[" + ten + "," + noon + "]");
        jdbc.update("update room_participant set accepted = ?::jsonb where user_id = 'U0BOB'", noon);

        ReadModelDatabase.migrate(jdbc);

        String answer = api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.proposals.length()").value(2))
                .andExpect(jsonPath("$.proposals[0].number").doesNotExist())
                .andExpect(jsonPath("$.participants[1].accepted").value(nullValue()))
                .andExpect(jsonPath("$.participants[0].accepted").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        assertNoSlotTime(answer);
        assertNoSlotTime(readModel());
        // and the room goes on with numbered proposals
        projection.on(new SlotsProposed(ROOM, List.of(proposal(1, TEN)), T0), sequence++);
        projection.on(new WindowsAcknowledged(ROOM, BOB, 1, T0), sequence++);
        api.perform(get("/api/rooms/" + ROOM.value()).with(reader("U0ALICE")))
                .andExpect(jsonPath("$.proposals.length()").value(1))
                .andExpect(jsonPath("$.proposals[0].number").value(1))
                .andExpect(jsonPath("$.proposals[0].acknowledgedBy").value(contains("U0BOB")));
    }

    private String answer(String path, UserId who) throws Exception {
        return api.perform(get(path).with(reader(who.value()))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private String readModel() {
        return String.join("\n", jdbc.queryForList("select r::text from room r", String.class))
                + String.join("\n", jdbc.queryForList("select p::text from room_participant p", String.class));
    }

    /** No time of any slot of these tests, as ISO text, epoch seconds or epoch milliseconds. */
    private static void assertNoSlotTime(String text) {
        assertThat(text).isNotBlank();
        for (TimeWindow slot : List.of(TEN, NOON, THREE)) {
            for (Instant instant : List.of(slot.start(), slot.end())) {
                assertThat(text).doesNotContain(instant.toString(), Long.toString(instant.getEpochSecond()),
                        Long.toString(instant.toEpochMilli()));
            }
        }
        assertThat(text).doesNotContain("2026-12-01", "2026-12-02");
    }
}
