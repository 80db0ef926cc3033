package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.ApprovalDeferred;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.DeclineParticipation;
import io.enclavesuite.api.coordination.DeferApproval;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationApprovalRequested;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TrustLabel;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Policy checks in a room: a participant's policy refusing aborts the room for everyone naming the rule; a draft made
 * because the budget is spent aborts the room when it is not approved within the approval window; a participant
 * awaiting approval may defer answering.
 */
class CoordinationPolicyCheckTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant APPROVE_BY = T0.plus(Duration.ofHours(24));
    private static final String BUDGET_SPENT = "the weekly budget (1 meetings a week) is spent until"
            + " 2026-11-30T00:00:00Z: the agent only drafts";

    private final InMemoryRoomKeys keys = new InMemoryRoomKeys();
    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Coordination.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(CoordinationLimits.DEFAULTS);
        fixture.registerInjectableResource(new OverlapEngine());
        fixture.registerInjectableResource(RoomFixtures.UNCOUNTED);
        fixture.registerAnnotatedCommandHandler(new RoomKeyCommands(fixture.getRepository(), keys,
                new WindowOpener(keys)));
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private CoordinationCreated created() {
        return new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"), ALICE,
                List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(60),
                new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                T0.plus(Duration.ofHours(48)), null, T0, keys.create(ROOM));
    }

    @Test
    void aRefusingPolicyAbortsTheRoomForEveryoneNamingTheRule() {
        fixture.given(created(), new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0))
               .when(new AuthorizeParticipation(ROOM, CAROL, PolicyDecision.refused("inbound-rate-limit",
                       "U0ALICE sent U0CAROL more than 10 invitations in an hour")))
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, CAROL, "inbound-rate-limit", T0,
                       "U0ALICE sent U0CAROL more than 10 invitations in an hour"));
        fixture.given(created())
               .when(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.refused("level-none", "level none")))
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, BOB, "level-none", T0,
                       "level none"));
    }

    @Test
    void aDraftAtDraftOnlyWaitsForApprovalWithoutADeadlineOfItsOwn() {
        fixture.given(created())
               .when(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.drafted("level-draft-only", "drafts only")))
               .expectEvents(new ParticipationApprovalRequested(ROOM, BOB, "drafts only", T0, TrustLabel.DRAFTED,
                       "level-draft-only", null))
               .expectNoScheduledDeadlines();
    }

    @Test
    void aDraftBecauseTheBudgetIsSpentMustBeApprovedWithinTheWindow() {
        fixture.given(created())
               .when(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.drafted("weekly-budget", BUDGET_SPENT)))
               .expectEvents(new ParticipationApprovalRequested(ROOM, BOB, BUDGET_SPENT, T0, TrustLabel.DRAFTED,
                       "weekly-budget", APPROVE_BY))
               .expectScheduledDeadlineWithName(APPROVE_BY, Coordination.APPROVAL_WINDOW);
        setUp();
        fixture.givenCurrentTime(T0)
               .andGiven(created())
               .andGivenCommands(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.drafted("weekly-budget",
                       BUDGET_SPENT)))
               .whenTimeAdvancesTo(APPROVE_BY)
               .expectTriggeredDeadlinesWithName(Coordination.APPROVAL_WINDOW)
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, BOB, "weekly-budget", APPROVE_BY,
                       "U0BOB's weekly budget was spent and they did not approve the draft by " + APPROVE_BY));
    }

    @Test
    void aDraftApprovedInTimeDoesNotAbortTheRoom() {
        fixture.givenCurrentTime(T0)
               .andGiven(created())
               .andGivenCommands(new AuthorizeParticipation(ROOM, BOB, PolicyDecision.drafted("weekly-budget",
                       BUDGET_SPENT)))
               .andGivenCommands(GenericCommandMessage.asCommandMessage(new ApproveParticipation(ROOM))
                       .andMetaData(by(BOB)))
               .whenTimeAdvancesTo(APPROVE_BY)
               .expectTriggeredDeadlinesWithName(Coordination.APPROVAL_WINDOW)
               .expectNoEvents();
    }

    @Test
    void theParticipantDefersWhileAwaitingApprovalAndStillApprovesOrDeclinesLater() {
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0))
               .when(new DeferApproval(ROOM, CAROL), by(CAROL))
               .expectEvents(new ApprovalDeferred(ROOM, CAROL, T0));
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0),
                      new ApprovalDeferred(ROOM, CAROL, T0))
               .when(new DeferApproval(ROOM, CAROL), by(CAROL))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0),
                      new ApprovalDeferred(ROOM, CAROL, T0))
               .when(new ApproveParticipation(ROOM), by(CAROL))
               .expectEvents(new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0));
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0),
                      new ApprovalDeferred(ROOM, CAROL, T0))
               .when(new DeclineParticipation(ROOM, "busy"), by(CAROL))
               .expectEvents(new CoordinationAborted(ROOM, AbortReason.DECLINED, CAROL, "busy", T0));
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, BOB, "drafted", T0, TrustLabel.DRAFTED,
                      "level-draft-only", null))
               .when(new DeferApproval(ROOM, BOB), by(BOB))
               .expectEvents(new ApprovalDeferred(ROOM, BOB, T0));
    }

    @Test
    void onlyTheParticipantDefersAndOnlyWhileAwaitingApproval() {
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0))
               .when(new DeferApproval(ROOM, CAROL), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("only U0CAROL defers their own approval")
               .expectNoEvents();
        fixture.given(created(), new ParticipationAuthorized(ROOM, CAROL, Authorization.AUTO_EXECUTED, "rule-1", T0))
               .when(new DeferApproval(ROOM, CAROL), by(CAROL))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("U0CAROL is not awaiting approval in room " + ROOM);
        fixture.given(created(), new ParticipationApprovalRequested(ROOM, CAROL, "no rule matched", T0),
                      new CoordinationAborted(ROOM, AbortReason.DECLINED, BOB, null, T0))
               .when(new DeferApproval(ROOM, CAROL), by(CAROL))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + " has ended (aborted)");
    }
}
