package io.enclavesuite.coordination.policy;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AutonomyBudgetExhausted;
import io.enclavesuite.api.coordination.AutonomyBudgetReset;
import io.enclavesuite.api.coordination.AutonomyBudgetSet;
import io.enclavesuite.api.coordination.AutonomyBudgetSpent;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyLevelSet;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationInitiated;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.IdentityTrusted;
import io.enclavesuite.api.coordination.IdentityUntrusted;
import io.enclavesuite.api.coordination.InboundRateLimitSet;
import io.enclavesuite.api.coordination.InvitationEvaluated;
import io.enclavesuite.api.coordination.InvitationRateLimited;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.PolicyOutcome;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.meeting.CoordinationRefused;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The peer's autonomy model on a person's agent policy: levels, trusted identities, the weekly budget and its reset at
 * the week's turn, the inbound rate limit per sender, and the initiator's rooms per hour.
 */
class AgentPolicyAutonomyTest {

    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId EVE = UserId.of("U0EVE");
    /** A Monday: the week runs to 2026-11-30T00:00Z. */
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant NEXT_WEEK = Instant.parse("2026-11-30T00:00:00Z");
    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final CoordinationId OTHER = CoordinationId.of("room-00000000-0000-0000-0000-0000000000bb");
    private static final MeetingDuration HALF_HOUR = MeetingDuration.ofMinutes(30);
    private static final AutonomyRule FROM_ALICE = new AutonomyRule("from-alice", RuleKind.FROM_PEOPLE, List.of(ALICE), null);
    private static final TrustedIdentity ALICE_MEETINGS = new TrustedIdentity(ALICE, List.of(CoordinationType.MEETING_SYNC));

    private static final PolicyDecision ASKED =
            PolicyDecision.askParticipant("no autonomy rules: every invitation is asked");

    private static AggregateTestFixture<AgentPolicy> fixture(Instant now) {
        AggregateTestFixture<AgentPolicy> fixture = new AggregateTestFixture<>(AgentPolicy.class);
        fixture.registerInjectableResource(Clock.fixed(now, ZoneOffset.UTC));
        fixture.registerInjectableResource(AutonomyLimits.DEFAULTS);
        return fixture;
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static EvaluateInvitation from(UserId initiator) {
        return from(initiator, ROOM);
    }

    private static EvaluateInvitation from(UserId initiator, CoordinationId room) {
        return new EvaluateInvitation(BOB, room, initiator, new Purpose("Q1 planning"), false,
                CoordinationType.MEETING_SYNC, HALF_HOUR);
    }

    // ---- levels ---------------------------------------------------------------------------------------------

    @Test
    void aPersonWhoNeverSetAPolicyGetsTheDefaultsAuto_respondAskingWithoutRules() {
        fixture(T0).givenNoPriorActivity()
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.askParticipant("no autonomy rules: every invitation is asked"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.ASKED, null, T0));
    }

    @Test
    void levelNoneRefusesEveryInvitationEvenFromATrustedIdentityOrUnderARule() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.NONE, T0), new IdentityTrusted(BOB, ALICE_MEETINGS, T0),
                          new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.refused("level-none",
                           "U0BOB's agent takes part in no room on its own (autonomy level none)"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.REFUSED, "level-none", T0));
    }

    @Test
    void draftOnlyDraftsEvenWhenARuleMatches() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.drafted("level-draft-only",
                           "the agent only drafts (autonomy level draft-only)"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.DRAFTED, "level-draft-only", T0));
    }

    @Test
    void autoRespondLetsTheRulesDecideAndAsksOtherwise() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.AUTO_RESPOND, T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.autoExecuted("from-alice"));
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.AUTO_RESPOND, T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
                   .when(from(EVE))
                   .expectResultMessagePayload(PolicyDecision.askParticipant("none of 1 autonomy rules matched"));
    }

    @Test
    void fullAutoExecutesEveryInvitation() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0))
                   .when(from(EVE))
                   .expectResultMessagePayload(PolicyDecision.autoExecuted("level-full"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, EVE, PolicyOutcome.AUTO_EXECUTED, "level-full", T0));
    }

    @Test
    void onlyThePersonSetsTheirLevelAndSettingItAgainChangesNothing() {
        fixture(T0).givenNoPriorActivity()
                   .when(new SetAutonomyLevel(BOB, AutonomyLevel.DRAFT_ONLY), by(BOB))
                   .expectEvents(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0));
        fixture(T0).givenNoPriorActivity()
                   .when(new SetAutonomyLevel(BOB, AutonomyLevel.FULL), by(ALICE))
                   .expectException(CoordinationRefused.class)
                   .expectExceptionMessage("only U0BOB changes their own agent policy")
                   .expectNoEvents();
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0))
                   .when(new SetAutonomyLevel(BOB, AutonomyLevel.DRAFT_ONLY), by(BOB))
                   .expectSuccessfulHandlerExecution()
                   .expectNoEvents();
    }

    @Test
    void aRuleMayNotTakeAnIdThePolicyUsesForItsOwnDecisions() {
        fixture(T0).givenNoPriorActivity()
                   .when(new AddAutonomyRule(BOB, new AutonomyRule("level-full", RuleKind.FROM_PEOPLE, List.of(ALICE),
                           null)), by(BOB))
                   .expectException(CoordinationRefused.class)
                   .expectExceptionMessage("rule id 'level-full' is reserved for what the policy itself decides:"
                           + " choose another");
    }

    // ---- trusted identities ---------------------------------------------------------------------------------

    @Test
    void aTrustedIdentityBypassesReviewAtDraftOnlyButNotAtNone() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0), new IdentityTrusted(BOB, ALICE_MEETINGS, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.autoExecuted("trusted-identity"));
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0), new IdentityTrusted(BOB, ALICE_MEETINGS, T0))
                   .when(from(EVE))
                   .expectResultMessagePayload(PolicyDecision.drafted("level-draft-only",
                           "the agent only drafts (autonomy level draft-only)"));
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.NONE, T0), new IdentityTrusted(BOB, ALICE_MEETINGS, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.refused("level-none",
                           "U0BOB's agent takes part in no room on its own (autonomy level none)"));
    }

    @Test
    void trustingAndUntrustingSomeone() {
        fixture(T0).givenNoPriorActivity()
                   .when(new TrustIdentity(BOB, ALICE_MEETINGS), by(BOB))
                   .expectEvents(new IdentityTrusted(BOB, ALICE_MEETINGS, T0));
        fixture(T0).givenNoPriorActivity()
                   .when(new TrustIdentity(BOB, new TrustedIdentity(BOB, List.of(CoordinationType.MEETING_SYNC))), by(BOB))
                   .expectException(CoordinationRefused.class)
                   .expectExceptionMessage("your own rooms need no trust: you take part in every room you start");
        fixture(T0).given(new IdentityTrusted(BOB, ALICE_MEETINGS, T0))
                   .when(new UntrustIdentity(BOB, ALICE, null), by(BOB))
                   .expectEvents(new IdentityUntrusted(BOB, ALICE, List.of(CoordinationType.MEETING_SYNC), T0));
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.DRAFT_ONLY, T0), new IdentityTrusted(BOB, ALICE_MEETINGS, T0),
                          new IdentityUntrusted(BOB, ALICE, List.of(CoordinationType.MEETING_SYNC), T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.drafted("level-draft-only",
                           "the agent only drafts (autonomy level draft-only)"));
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0))
                   .when(new UntrustIdentity(BOB, EVE, null), by(BOB))
                   .expectException(CoordinationRefused.class)
                   .expectExceptionMessage("U0BOB does not trust U0EVE");
        assertThatThrownBy(() -> new TrustedIdentity(ALICE, List.of()))
                .hasMessage("a trusted identity names at least one intent, e.g. meeting-sync");
    }

    // ---- the weekly budget ----------------------------------------------------------------------------------

    @Test
    void settingABudgetAndBadBudgetsRefused() {
        fixture(T0).givenNoPriorActivity()
                   .when(new SetAutonomyBudget(BOB, WeeklyBudget.meetings(5)), by(BOB))
                   .expectEvents(new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(5), T0));
        assertThatThrownBy(() -> WeeklyBudget.hours(169)).hasMessage("a weekly budget is 1 to 168 hours, not 169");
        assertThatThrownBy(() -> WeeklyBudget.meetings(0)).hasMessage("a weekly budget is 1 to 500 meetings, not 0");
    }

    @Test
    void eachAutoExecutionSpendsTheBudgetAndTheLastOneExhaustsItUntilTheWeekTurns() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0),
                          new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(2), T0),
                          new AutonomyBudgetSpent(BOB, OTHER, HALF_HOUR, 1, 30, WeeklyBudget.weekStart(T0), T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.autoExecuted("level-full"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.AUTO_EXECUTED, "level-full", T0),
                                 new AutonomyBudgetSpent(BOB, ROOM, HALF_HOUR, 2, 60, WeeklyBudget.weekStart(T0), T0),
                                 new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(2), WeeklyBudget.weekStart(T0),
                                         NEXT_WEEK, T0))
                   .expectScheduledDeadlineWithName(NEXT_WEEK, AgentPolicy.WEEK_TURN);
    }

    @Test
    void anHoursBudgetCountsTheMeetingsLength() {
        fixture(T0).given(new AutonomyBudgetSet(BOB, WeeklyBudget.hours(1), T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
                   .when(from(ALICE))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.AUTO_EXECUTED, "from-alice", T0),
                                 new AutonomyBudgetSpent(BOB, ROOM, HALF_HOUR, 1, 30, WeeklyBudget.weekStart(T0), T0));
    }

    @Test
    void aSpentBudgetDropsTheAgentToDraftOnlyNamingTheBudget() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0),
                          new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(1), T0),
                          new AutonomyBudgetSpent(BOB, OTHER, HALF_HOUR, 1, 30, WeeklyBudget.weekStart(T0), T0),
                          new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(1), WeeklyBudget.weekStart(T0), NEXT_WEEK, T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.drafted("weekly-budget", "the weekly budget (1 meetings a"
                           + " week) is spent until 2026-11-30T00:00:00Z: the agent only drafts"))
                   .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.DRAFTED, "weekly-budget", T0));
    }

    @Test
    void theWeeksTurnResetsTheBudgetThroughAPersistentDeadline() {
        fixture(T0).givenCurrentTime(T0)
                   .andGiven(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0),
                             new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(1), T0))
                   .andGivenCommands(from(ALICE, OTHER))
                   .whenTimeAdvancesTo(NEXT_WEEK)
                   .expectTriggeredDeadlinesWithName(AgentPolicy.WEEK_TURN)
                   .expectEvents(new AutonomyBudgetReset(BOB, NEXT_WEEK, NEXT_WEEK));
        // after the reset the level is full again
        fixture(NEXT_WEEK.plusSeconds(60))
                .given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0),
                       new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(1), T0),
                       new AutonomyBudgetSpent(BOB, OTHER, HALF_HOUR, 1, 30, WeeklyBudget.weekStart(T0), T0),
                       new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(1), WeeklyBudget.weekStart(T0), NEXT_WEEK, T0),
                       new AutonomyBudgetReset(BOB, NEXT_WEEK, NEXT_WEEK))
                .when(from(ALICE))
                .expectResultMessagePayload(PolicyDecision.autoExecuted("level-full"));
    }

    @Test
    void raisingTheBudgetLiftsDraftOnlyAtOnce() {
        fixture(T0).given(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0),
                          new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(1), T0),
                          new AutonomyBudgetSpent(BOB, OTHER, HALF_HOUR, 1, 30, WeeklyBudget.weekStart(T0), T0),
                          new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(1), WeeklyBudget.weekStart(T0), NEXT_WEEK, T0),
                          new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(3), T0))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.autoExecuted("level-full"));
    }

    // ---- the inbound rate limit -----------------------------------------------------------------------------

    /** Ten invitations from Alice within the hour before T0, the first {@code firstAgo} before it. */
    private static List<Object> tenFromAlice(Duration firstAgo) {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Instant at = T0.minus(firstAgo).plus(Duration.ofMinutes(i));
            events.add(new InvitationEvaluated(BOB, CoordinationId.of("room-00000000-0000-0000-0000-00000000000" + i),
                    ALICE, PolicyOutcome.ASKED, null, at));
        }
        return events;
    }

    @Test
    void tenInAnHourPassTheEleventhIsRefusedAndRecordedTheNextHourPasses() {
        fixture(T0).given(tenFromAlice(Duration.ofMinutes(50)).subList(0, 9))
                   .when(from(ALICE))
                   .expectResultMessagePayload(ASKED);
        Instant retryAfter = T0.minus(Duration.ofMinutes(50)).plus(Duration.ofHours(1));
        fixture(T0).given(tenFromAlice(Duration.ofMinutes(50)))
                   .when(from(ALICE))
                   .expectResultMessagePayload(PolicyDecision.refused("inbound-rate-limit", "U0ALICE sent U0BOB more"
                           + " than 10 invitations in an hour; they may invite them again from " + retryAfter))
                   .expectEvents(new InvitationRateLimited(BOB, ROOM, ALICE, 10, retryAfter, T0));
        // another sender is not held up by Alice
        fixture(T0).given(tenFromAlice(Duration.ofMinutes(50)))
                   .when(from(EVE))
                   .expectResultMessagePayload(ASKED);
        // an hour after the first of the ten, Alice may invite again
        fixture(T0).given(tenFromAlice(Duration.ofMinutes(60)))
                   .when(from(ALICE))
                   .expectResultMessagePayload(ASKED);
    }

    @Test
    void aPersonSetsTheirOwnRateWithinTheBounds() {
        fixture(T0).given(tenFromAlice(Duration.ofMinutes(50)).subList(0, 3))
                   .andGiven(new InboundRateLimitSet(BOB, 3, T0))
                   .when(from(ALICE))
                   .expectEvents(new InvitationRateLimited(BOB, ROOM, ALICE, 3,
                           T0.minus(Duration.ofMinutes(50)).plus(Duration.ofHours(1)), T0));
        fixture(T0).givenNoPriorActivity()
                   .when(new SetInboundRateLimit(BOB, 3), by(BOB))
                   .expectEvents(new InboundRateLimitSet(BOB, 3, T0));
        fixture(T0).givenNoPriorActivity()
                   .when(new SetInboundRateLimit(BOB, 0), by(BOB))
                   .expectException(CoordinationRefused.class)
                   .expectExceptionMessage("an inbound rate limit is 1 to 1000 invitations per sender and hour, not 0")
                   .expectNoEvents();
    }

    // ---- the initiator's rooms per hour ---------------------------------------------------------------------

    /** Drives {@link InitiatorRooms} against the fixture's repository, as RoomKeyCommands does when a room starts. */
    record StartRoom(@TargetAggregateIdentifier UserId initiator, CoordinationId room) {
    }

    static class StartingRooms {
        private final InitiatorRooms initiators;

        StartingRooms(InitiatorRooms initiators) {
            this.initiators = initiators;
        }

        @CommandHandler
        void handle(StartRoom command, Clock clock) {
            initiators.roomStarted(command.initiator(), command.room(), clock.instant(), 2);
        }
    }

    private static AggregateTestFixture<AgentPolicy> starting(Instant now) {
        AggregateTestFixture<AgentPolicy> fixture = fixture(now);
        fixture.registerAnnotatedCommandHandler(new StartingRooms(new InitiatorRooms(fixture.getRepository())));
        return fixture;
    }

    @Test
    void anInitiatorStartsAtMostTheirLimitOfRoomsInAnHour() {
        starting(T0).givenNoPriorActivity()
                    .when(new StartRoom(ALICE, ROOM))
                    .expectEvents(new CoordinationInitiated(ALICE, ROOM, T0));
        starting(T0).given(new CoordinationInitiated(ALICE, OTHER, T0.minusSeconds(600)),
                           new CoordinationInitiated(ALICE, OTHER, T0.minusSeconds(300)))
                    .when(new StartRoom(ALICE, ROOM))
                    .expectException(CoordinationRefused.class)
                    .expectExceptionMessage("U0ALICE started 2 rooms in the last hour, the most one person may: start"
                            + " the next from 2026-11-23T09:50:00Z")
                    .expectNoEvents();
        starting(T0).given(new CoordinationInitiated(ALICE, OTHER, T0.minusSeconds(3600)),
                           new CoordinationInitiated(ALICE, OTHER, T0.minusSeconds(300)))
                    .when(new StartRoom(ALICE, ROOM))
                    .expectEvents(new CoordinationInitiated(ALICE, ROOM, T0));
    }
}
