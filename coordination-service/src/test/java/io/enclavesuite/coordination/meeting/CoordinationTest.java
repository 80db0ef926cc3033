package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.coordination.SlotAccepted;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.Withdraw;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

/**
 * A meeting-sync room through every transition and refusal; windows are sealed under a real AES-GCM room key. The
 * commands that need the key reach the room through {@link RoomKeyCommands}, as in the service.
 */
class CoordinationTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final UserId EVE = UserId.of("U0EVE");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant EXPIRES = T0.plus(Duration.ofHours(48));
    private static final SearchRange NEXT_WEEK = new SearchRange(Instant.parse("2026-11-30T08:00:00Z"),
            Instant.parse("2026-12-04T18:00:00Z"));
    private static final MeetingDuration HOUR = MeetingDuration.ofMinutes(60);
    private static final Purpose PURPOSE = new Purpose("Q1 planning");

    private final InMemoryRoomKeys keys = new InMemoryRoomKeys();
    private final WindowOpener opener = new WindowOpener(keys);
    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        fixture = fixture(CoordinationLimits.DEFAULTS);
    }

    private AggregateTestFixture<Coordination> fixture(CoordinationLimits limits) {
        AggregateTestFixture<Coordination> fixture = new AggregateTestFixture<>(Coordination.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(limits);
        fixture.registerInjectableResource(new OverlapEngine());
        fixture.registerInjectableResource(RoomFixtures.UNCOUNTED);
        fixture.registerAnnotatedCommandHandler(new RoomKeyCommands(fixture.getRepository(), keys, opener));
        return fixture;
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static CreateCoordination create(List<UserId> participants) {
        return new CreateCoordination(ROOM, CoordinationType.MEETING_SYNC, PURPOSE, participants, HOUR, NEXT_WEEK, null,
                null);
    }

    /** Created, with the room's key (made here, so the handler's own creation answers the same). */
    private CoordinationCreated created() {
        return new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, PURPOSE, ALICE, List.of(ALICE, BOB, CAROL),
                HOUR, NEXT_WEEK, EXPIRES, null, T0, keys.create(ROOM));
    }

    private List<Object> open() {
        return List.of(created(),
                new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "rule-1", T0),
                new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0),
                new CoordinationOpened(ROOM, T0, keys.create(ROOM)));
    }

    private static TimeWindow window(String from, String to) {
        return new TimeWindow(Instant.parse(from), Instant.parse(to));
    }

    private static final List<TimeWindow> ALICE_FREE = List.of(window("2026-12-01T09:00:00Z", "2026-12-01T12:00:00Z"));
    private static final List<TimeWindow> BOB_FREE = List.of(window("2026-12-01T10:00:00Z", "2026-12-01T13:00:00Z"));
    private static final List<TimeWindow> CAROL_FREE = List.of(
            new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T11:30:00Z"), Confidence.LOW));
    private static final TimeWindow TEN = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.LOW);

    private WindowsSubmitted submitted(UserId who, List<TimeWindow> windows) {
        return new WindowsSubmitted(ROOM, who, keys.seal(ROOM, who, windows), windows.size(), T0);
    }

    private List<Object> everyoneSubmitted() {
        List<Object> events = new ArrayList<>(open());
        events.add(submitted(ALICE, ALICE_FREE));
        events.add(submitted(BOB, BOB_FREE));
        events.add(submitted(CAROL, CAROL_FREE));
        events.add(new SlotsProposed(ROOM, List.of(proposalOne()), T0));
        return events;
    }

    /** The room's first proposal, TEN, as the room sealed it (sealed once, so the same in every given). */
    private Proposal proposalOne() {
        if (proposalOne == null) {
            proposalOne = keys.proposal(ROOM, 1, TEN);
        }
        return proposalOne;
    }

    private Proposal proposalOne;

    @Test
    void theInitiatorCreatesAPendingRoomWithATimeLimitAndAKey() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB, CAROL)), by(ALICE))
               .expectEvents(created())
               .expectScheduledDeadline(Duration.ofHours(48), new Coordination.TimeLimit(EXPIRES));
        assertThat(keys.find(ROOM)).isPresent();
    }

    @Test
    void theInitiatorListedAmongTheParticipantsCountsOnce() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(ALICE, BOB, CAROL)), by(ALICE))
               .expectEvents(created());
    }

    @Test
    void aRoomNeedsThreePeople() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("a meeting sync needs at least 3 people including the initiator, not 2")
               .expectNoEvents();
    }

    @Test
    void aParticipantListedTwiceIsRefused() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB, CAROL, BOB)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("U0BOB is listed twice");
    }

    @Test
    void theParticipantLimitHolds() {
        fixture(new CoordinationLimits(3, null, null, null, null, null)).givenNoPriorActivity()
               .when(create(List.of(BOB, CAROL, EVE)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("a meeting sync takes at most 3 people, not 4");
    }

    @Test
    void theTimeLimitIsBounded() {
        fixture.givenNoPriorActivity()
               .when(new CreateCoordination(ROOM, null, PURPOSE, List.of(BOB, CAROL), HOUR, NEXT_WEEK,
                       Duration.ofDays(30), null), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("the time limit must be positive and at most PT336H, not PT720H");
    }

    @Test
    void aSearchRangeInThePastIsRefused() {
        fixture.givenNoPriorActivity()
               .when(new CreateCoordination(ROOM, null, PURPOSE, List.of(BOB, CAROL), HOUR,
                       new SearchRange(T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(1))), null, null),
                       by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("the search range ended at 2026-11-22T09:00:00Z: nothing can be found in the past");
    }

    @Test
    void aServiceCannotStartARoom() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB, CAROL)), Map.of(MetadataKeys.ACTOR, "svc-scheduler"))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
    }

    @Test
    void aMatchingRuleAuthorizesAndTheLastAuthorizationOpensTheRoom() {
        fixture.given(created(),
                      new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                      new ParticipationAuthorized(ROOM, BOB, Authorization.APPROVED, null, T0))
               .when(new AuthorizeParticipation(ROOM, CAROL, PolicyDecision.autoExecuted("rule-7")))
               .expectEvents(new ParticipationAuthorized(ROOM, CAROL, Authorization.AUTO_EXECUTED, "rule-7", T0),
                       new CoordinationOpened(ROOM, T0, keys.create(ROOM)));
    }

    @Test
    void withoutAMatchingRuleTheParticipantIsAskedAndTheRoomWaits() {
        fixture.given(created())
               .when(new AuthorizeParticipation(ROOM, CAROL, PolicyDecision.askParticipant("no rule matched")))
               .expectEvents(new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0));
    }

    @Test
    void anAskedParticipantApproves() {
        fixture.given(created(),
                      new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                      new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "rule-1", T0),
                      new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0))
               .when(new ApproveParticipation(ROOM), by(CAROL))
               .expectEvents(new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0),
                       new CoordinationOpened(ROOM, T0, keys.create(ROOM)));
    }

    @Test
    void approvingWithoutBeingAskedIsRefused() {
        fixture.given(created())
               .when(new ApproveParticipation(ROOM), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("U0BOB was not asked to approve taking part in room " + ROOM);
    }

    @Test
    void aDeclineAbortsTheRoomForEveryone() {
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0))
               .when(new DeclineParticipation(ROOM, "busy quarter"), by(CAROL))
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.DECLINED, CAROL, "busy quarter", T0));
    }

    @Test
    void aRedeliveredDecisionChangesNothing() {
        fixture.given(created(), new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "rule-1", T0))
               .when(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.autoExecuted("rule-1")))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void windowsCannotBeSubmittedBeforeTheRoomOpens() {
        fixture.given(created())
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, ALICE, ALICE_FREE)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + " is pending: cannot submit windows now");
    }

    @Test
    void submittedWindowsAreRecordedSealedNeverInClear() {
        keys.create(ROOM);
        fixture.given(open())
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, ALICE, ALICE_FREE)), by(ALICE))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(sealedSubmission(ALICE, ALICE_FREE), andNoMore())));
    }

    @Test
    void theLastSubmissionProposesTheBestSlots() {
        keys.create(ROOM);
        List<Object> given = new ArrayList<>(open());
        given.add(submitted(ALICE, ALICE_FREE));
        given.add(submitted(BOB, BOB_FREE));
        fixture.given(given)
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, CAROL, CAROL_FREE)), by(CAROL))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(sealedSubmission(CAROL, CAROL_FREE),
                       sealedProposals(TEN), andNoMore())));
    }

    @Test
    void windowsOutsideTheRangeOrShorterThanTheMeetingAreRefusedNamingThemByPlaceNeverByTime() {
        fixture.given(open())
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, ALICE, List.of(ALICE_FREE.get(0),
                       window("2026-12-10T09:00:00Z", "2026-12-10T12:00:00Z")))), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("window 2 of 2 lies outside the room's search range");
        fixture.given(open())
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, ALICE,
                       List.of(window("2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z")))), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("window 1 of 1 is shorter than the meeting (PT1H)");
    }

    @Test
    void windowsSealedForAnotherParticipantOrRoomOrNotSealedToTheRoomAreRefused() {
        SealedWindows bobs = keys.seal(ROOM, BOB, ALICE_FREE);
        fixture.given(open())
               .when(new SubmitWindows(ROOM, bobs), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("the windows do not open with room " + ROOM + "'s key: it does not open with"
                       + " the room's key: sealed to another room's key, for another participant or content, or altered"
                       + " on the way — seal them to the room's roomKey, as U0ALICE")
               .expectNoEvents();
        CoordinationId other = CoordinationId.of("room-00000000-0000-0000-0000-0000000000a1");
        fixture.given(open())
               .when(new SubmitWindows(ROOM, keys.seal(other, ALICE, ALICE_FREE)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
        fixture.given(open())
               .when(new SubmitWindows(ROOM, new SealedWindows("bm90LXNlYWxlZA")), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
    }

    @Test
    void aRoomOpenedBeforeSendersSealedTheirOwnWindowsTakesNoNewOnes() {
        fixture.given(new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, PURPOSE, ALICE,
                               List.of(ALICE, BOB, CAROL), HOUR, NEXT_WEEK, EXPIRES, null, T0, null),
                       new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                       new ParticipationAuthorized(ROOM, BOB, Authorization.AUTO_EXECUTED, "rule-1", T0),
                       new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0),
                       new CoordinationOpened(ROOM, T0, null))
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, ALICE, ALICE_FREE)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + " was opened before participants sealed their own windows and"
                       + " takes no new ones: start a new room");
    }

    @Test
    void someoneOutsideTheRoomCannotActInIt() {
        fixture.given(open())
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, EVE, ALICE_FREE)), by(EVE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("only the room's participants act in room " + ROOM + "; 'U0EVE' is not one");
    }

    @Test
    void aProposalSealedByItsSenderMustLieInsideTheOverlapAndIsKeptSealedUnderTheNextNumber() {
        TimeWindow halfPast = new TimeWindow(Instant.parse("2026-12-01T10:30:00Z"), Instant.parse("2026-12-01T11:30:00Z"),
                Confidence.LOW);
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, BOB, window("2026-12-01T10:30:00Z",
                       "2026-12-01T11:30:00Z"))), by(BOB))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(proposed(BOB, 2, halfPast), andNoMore())))
               .expectResultMessagePayload(2);
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, BOB, window("2026-12-01T11:00:00Z",
                       "2026-12-01T12:00:00Z"))), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("that slot is not inside the participants' common availability in room "
                       + ROOM)
               .expectNoEvents();
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, BOB, window("2026-12-01T10:00:00Z",
                       "2026-12-01T10:30:00Z"))), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("a slot lasts the meeting (PT1H), and this one does not")
               .expectNoEvents();
    }

    @Test
    void proposingATimeAlreadyProposedRecordsNothingAndAnswersItsNumber() {
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, CAROL, window("2026-12-01T10:00:00Z",
                       "2026-12-01T11:00:00Z"))), by(CAROL))
               .expectNoEvents()
               .expectResultMessagePayload(1);
    }

    @Test
    void aSlotSealedForSomeoneElseOrAnotherRoomIsRefusedWithoutItsTime() {
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, ALICE, TEN)), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("the slot does not open with room " + ROOM + "'s key: it does not open with"
                       + " the room's key: sealed to another room's key, for another participant or content, or altered"
                       + " on the way — seal it to the room's roomKey, as U0BOB")
               .expectNoEvents();
        // the room's own sealed proposal is no participant's slot
        fixture.given(everyoneSubmitted())
               .when(new ProposeSlot(ROOM, proposalOne().slot()), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
    }

    @Test
    void beforeEveryoneHasSubmittedNoSlotIsProposed() {
        List<Object> given = new ArrayList<>(open());
        given.add(submitted(ALICE, ALICE_FREE));
        fixture.given(given)
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, ALICE, TEN)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("not everyone has submitted windows in room " + ROOM + " yet");
    }

    @Test
    void whenEveryoneAcceptsTheSameProposalTheRoomResolvesOnItsTime() {
        List<Object> given = new ArrayList<>(everyoneSubmitted());
        given.add(new SlotAccepted(ROOM, ALICE, 1, T0));
        given.add(new SlotAccepted(ROOM, BOB, 1, T0));
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 1), by(CAROL))
               .expectEvents(new SlotAccepted(ROOM, CAROL, 1, T0), new CoordinationResolved(ROOM, TEN, T0));
    }

    @Test
    void onlyACurrentProposalCanBeAccepted() {
        fixture.given(everyoneSubmitted())
               .when(new AcceptSlot(ROOM, 2), by(CAROL))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("there is no current proposal 2 in room " + ROOM
                       + " (a new submission of windows voids the proposals made before it)");
    }

    @Test
    void aCounterOffersAnotherSlotFromTheOverlapAndWithdrawsTheCountersAcceptance() {
        TimeWindow later = new TimeWindow(Instant.parse("2026-12-01T10:30:00Z"), Instant.parse("2026-12-01T11:30:00Z"),
                Confidence.LOW);
        List<Object> given = new ArrayList<>(everyoneSubmitted());
        given.add(new SlotAccepted(ROOM, ALICE, 1, T0));
        given.add(new SlotAccepted(ROOM, BOB, 1, T0));
        given.add(new SlotAccepted(ROOM, CAROL, 1, T0));
        fixture.given(everyoneSubmitted())
               .when(new CounterSlot(ROOM, 1, keys.sealSlot(ROOM, CAROL, later)), by(CAROL))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(countered(CAROL, 1, 2, later), andNoMore())))
               .expectResultMessagePayload(2);
        given.add(new SlotCountered(ROOM, CAROL, 1, keys.proposal(ROOM, 2, later), T0));
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 2), by(CAROL))
               .expectEvents(new SlotAccepted(ROOM, CAROL, 2, T0));
        // Carol's acceptance of 1 went with her counter: Alice and Bob accepting 1 again resolves nothing
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 1), by(BOB))
               .expectEvents(new SlotAccepted(ROOM, BOB, 1, T0));
    }

    @Test
    void counteringWithATimeAlreadyProposedNamesThatProposal() {
        fixture.given(everyoneSubmitted())
               .when(new CounterSlot(ROOM, 1, keys.sealSlot(ROOM, CAROL, TEN)), by(CAROL))
               .expectEvents(new SlotCountered(ROOM, CAROL, 1, proposalOne(), T0));
        fixture.given(everyoneSubmitted())
               .when(new CounterSlot(ROOM, 7, keys.sealSlot(ROOM, CAROL, TEN)), by(CAROL))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("there is no current proposal 7 in room " + ROOM
                       + " (a new submission of windows voids the proposals made before it)");
    }

    @Test
    void aResubmissionVoidsEarlierProposalsAndNumbersTheNewOnesAfterThem() {
        List<Object> given = new ArrayList<>(everyoneSubmitted());
        given.add(new SlotAccepted(ROOM, ALICE, 1, T0));
        given.add(new SlotAccepted(ROOM, BOB, 1, T0));
        given.add(submitted(ALICE, ALICE_FREE));
        given.add(new SlotsProposed(ROOM, List.of(keys.proposal(ROOM, 2, TEN)), T0));
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 1), by(CAROL))
               .expectException(CoordinationRefused.class);
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 2), by(CAROL))
               .expectEvents(new SlotAccepted(ROOM, CAROL, 2, T0));
        given.remove(given.size() - 1);
        fixture.given(given)
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, BOB, BOB_FREE)), by(BOB))
               .expectEventsMatching(payloadsMatching(exactSequenceOf(sealedSubmission(BOB, BOB_FREE),
                       sealedProposalsFrom(2, TEN), andNoMore())));
    }

    @Test
    void aProposalReadFromBeforeSlotsWereSealedCannotBeAccepted() {
        List<Object> given = new ArrayList<>(everyoneSubmitted());
        given.set(given.size() - 1, new SlotsProposed(ROOM, List.of(Proposal.unsealed()), T0));
        fixture.given(given)
               .when(new AcceptSlot(ROOM, 1), by(CAROL))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("there is no current proposal 1 in room " + ROOM
                       + " (a new submission of windows voids the proposals made before it)");
    }

    @Test
    void aWithdrawalAbortsTheRoom() {
        fixture.given(open())
               .when(new Withdraw(ROOM, null), by(BOB))
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.WITHDRAWN, BOB, null, T0));
    }

    private static Object createdByAlice() {
        return GenericCommandMessage.asCommandMessage(create(List.of(BOB, CAROL))).andMetaData(by(ALICE));
    }

    @Test
    void theTimeLimitExpiresARoomThatDidNotResolve() {
        fixture.givenCommands(createdByAlice())
               .whenTimeElapses(Duration.ofHours(48))
               .expectTriggeredDeadlinesWithName(Coordination.TIME_LIMIT)
               .expectEvents(new CoordinationExpired(ROOM, EXPIRES));
    }

    @Test
    void theTimeLimitDoesNotFireEarly() {
        fixture.givenCommands(createdByAlice())
               .whenTimeElapses(Duration.ofHours(47))
               .expectNoEvents()
               .expectScheduledDeadlineWithName(Duration.ofHours(1), Coordination.TIME_LIMIT);
    }

    @Test
    void theTimeLimitOfAResolvedRoomChangesNothing() {
        fixture.givenCommands(createdByAlice())
               .andGiven(new CoordinationResolved(ROOM, TEN, T0))
               .whenTimeElapses(Duration.ofHours(48))
               .expectTriggeredDeadlinesWithName(Coordination.TIME_LIMIT)
               .expectNoEvents();
    }

    @Test
    void anEndedRoomIsShreddedItsWindowsUnreadableForGood() {
        List<Object> given = new ArrayList<>(everyoneSubmitted());
        WindowsSubmitted alices = (WindowsSubmitted) given.get(open().size());
        given.add(new CoordinationExpired(ROOM, EXPIRES));
        fixture.given(given)
               .when(new ShredRoomData(ROOM))
               .expectEvents(new CoordinationDataShredded(ROOM, T0));
        assertThat(keys.find(ROOM)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opener.open(ROOM, ALICE, alices.windows()))
                .isInstanceOf(WindowOpener.WindowsShredded.class);
    }

    @Test
    void aRoomStillOpenIsNotShredded() {
        fixture.given(open())
               .when(new ShredRoomData(ROOM))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + " is open: its windows are shredded only once it has ended")
               .expectNoEvents();
    }

    @Test
    void shreddingTwiceChangesNothing() {
        fixture.given(created(), new CoordinationExpired(ROOM, EXPIRES), new CoordinationDataShredded(ROOM, T0))
               .when(new ShredRoomData(ROOM))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void anEndedRoomTakesNoMoreCommands() {
        fixture.given(created(), new CoordinationExpired(ROOM, T0))
               .when(new Withdraw(ROOM, null), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + " has ended (expired)");
    }

    /** A WindowsSubmitted by {@code who} whose sealed windows open, with the room's key, to exactly {@code windows}. */
    private Matcher<Object> sealedSubmission(UserId who, List<TimeWindow> windows) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return item instanceof WindowsSubmitted event
                        && event.participant().equals(who) && event.windowCount() == windows.size()
                        && opener.open(ROOM, who, event.windows()).equals(windows)
                        && !event.windows().value().contains("2026");
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("WindowsSubmitted by " + who + " sealing " + windows);
            }
        };
    }

    /** SlotsProposed whose proposals, numbered from 1, open with the room's key to exactly {@code slots}. */
    private Matcher<Object> sealedProposals(TimeWindow... slots) {
        return sealedProposalsFrom(1, slots);
    }

    private Matcher<Object> sealedProposalsFrom(int first, TimeWindow... slots) {
        return matching("SlotsProposed numbered from " + first + " sealing " + List.of(slots),
                item -> item instanceof SlotsProposed event && event.candidates().size() == slots.length
                        && java.util.stream.IntStream.range(0, slots.length).allMatch(i ->
                        opensTo(event.candidates().get(i), first + i, slots[i])));
    }

    private Matcher<Object> proposed(UserId who, int number, TimeWindow slot) {
        return matching("SlotProposed by " + who + " as " + number + " sealing " + slot,
                item -> item instanceof SlotProposed event && event.participant().equals(who)
                        && opensTo(event.proposal(), number, slot));
    }

    private Matcher<Object> countered(UserId who, int rejected, int number, TimeWindow slot) {
        return matching("SlotCountered by " + who + " of " + rejected + " with " + number + " sealing " + slot,
                item -> item instanceof SlotCountered event && event.participant().equals(who)
                        && event.rejected() == rejected && opensTo(event.alternative(), number, slot));
    }

    /** The proposal has that number and its slot opens, with the room's key and that number, to {@code slot}. */
    private boolean opensTo(Proposal proposal, int number, TimeWindow slot) {
        return proposal.number() == number && opener.openProposal(ROOM, number, proposal.slot()).equals(slot)
                && !proposal.slot().value().contains("2026");
    }

    private static Matcher<Object> matching(String description, java.util.function.Predicate<Object> test) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object item) {
                return test.test(item);
            }

            @Override
            public void describeTo(Description text) {
                text.appendText(description);
            }
        };
    }

}
