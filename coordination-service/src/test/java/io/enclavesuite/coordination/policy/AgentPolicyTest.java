package io.enclavesuite.coordination.policy;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.AutonomyRuleRemoved;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.InvitationEvaluated;
import io.enclavesuite.api.coordination.PolicyOutcome;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.meeting.CoordinationRefused;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A person's agent policy: only they change it, and the first matching rule decides an invitation. */
class AgentPolicyTest {

    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId EVE = UserId.of("U0EVE");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final AutonomyRule TEAM = new AutonomyRule("team", RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null);
    private static final AutonomyRule FROM_ALICE = new AutonomyRule("from-alice", RuleKind.FROM_PEOPLE, List.of(ALICE), null);
    private static final AutonomyRule PLANNING = new AutonomyRule("planning", RuleKind.PURPOSE_CONTAINS, null, "Planning");

    private AggregateTestFixture<AgentPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AgentPolicy.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(AutonomyLimits.DEFAULTS);
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static EvaluateInvitation invitation(UserId initiator, String purpose, boolean sharesAnEnclave) {
        return new EvaluateInvitation(BOB, ROOM, initiator, new Purpose(purpose), sharesAnEnclave,
                CoordinationType.MEETING_SYNC, MeetingDuration.ofMinutes(30));
    }

    @Test
    void aPersonAddsARuleToTheirOwnPolicy() {
        fixture.givenNoPriorActivity()
               .when(new AddAutonomyRule(BOB, FROM_ALICE), by(BOB))
               .expectEvents(new AutonomyRuleAdded(BOB, FROM_ALICE, T0));
    }

    @Test
    void nobodyElseChangesSomeonesPolicy() {
        fixture.givenNoPriorActivity()
               .when(new AddAutonomyRule(BOB, FROM_ALICE), by(EVE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("only U0BOB changes their own agent policy")
               .expectNoEvents();
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(new RemoveAutonomyRule(BOB, "from-alice"), by(ALICE))
               .expectException(CoordinationRefused.class);
    }

    @Test
    void addingTheSameRuleAgainChangesNothingAndAChangedOneReplacesIt() {
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(new AddAutonomyRule(BOB, FROM_ALICE), by(BOB))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        AutonomyRule widened = new AutonomyRule("from-alice", RuleKind.FROM_PEOPLE, List.of(ALICE, EVE), null);
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(new AddAutonomyRule(BOB, widened), by(BOB))
               .expectEvents(new AutonomyRuleAdded(BOB, widened, T0));
    }

    @Test
    void removingAnUnknownRuleIsRefused() {
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(new RemoveAutonomyRule(BOB, "ghost"), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("the agent policy of U0BOB has no rule 'ghost'");
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(new RemoveAutonomyRule(BOB, "from-alice"), by(BOB))
               .expectEvents(new AutonomyRuleRemoved(BOB, "from-alice", T0));
    }

    @Test
    void aPolicyHoldsAtMostFiftyRules() {
        List<Object> fifty = new ArrayList<>();
        for (int i = 0; i < AgentPolicy.MAX_RULES; i++) {
            fifty.add(new AutonomyRuleAdded(BOB, new AutonomyRule("r" + i, RuleKind.FROM_PEOPLE, List.of(ALICE), null), T0));
        }
        fixture.given(fifty)
               .when(new AddAutonomyRule(BOB, TEAM), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("an agent policy holds at most 50 rules");
    }

    @Test
    void theFirstMatchingRuleAutoExecutes() {
        fixture.given(new AutonomyRuleAdded(BOB, TEAM, T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0),
                      new AutonomyRuleAdded(BOB, PLANNING, T0))
               .when(invitation(ALICE, "Q1 planning", true))
               .expectResultMessagePayload(PolicyDecision.autoExecuted("team"))
               .expectEvents(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.AUTO_EXECUTED, "team", T0));
        fixture.given(new AutonomyRuleAdded(BOB, TEAM, T0), new AutonomyRuleAdded(BOB, FROM_ALICE, T0))
               .when(invitation(ALICE, "lunch", false))
               .expectResultMessagePayload(PolicyDecision.autoExecuted("from-alice"));
        fixture.given(new AutonomyRuleAdded(BOB, PLANNING, T0))
               .when(invitation(EVE, "Q1 PLANNING review", false))
               .expectResultMessagePayload(PolicyDecision.autoExecuted("planning"));
    }

    @Test
    void withoutAMatchTheParticipantIsAskedAndToldWhy() {
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0), new AutonomyRuleAdded(BOB, PLANNING, T0))
               .when(invitation(EVE, "offsite", true))
               .expectResultMessagePayload(PolicyDecision.askParticipant("none of 2 autonomy rules matched"));
        fixture.given(new AutonomyRuleAdded(BOB, FROM_ALICE, T0), new AutonomyRuleRemoved(BOB, "from-alice", T0))
               .when(invitation(ALICE, "offsite", true))
               .expectResultMessagePayload(PolicyDecision.askParticipant("no autonomy rules: every invitation is asked"));
    }

    @Test
    void rulesValidateThemselves() {
        assertThatThrownBy(() -> new AutonomyRule("Bad Id", RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null))
                .hasMessage("rule id 'Bad Id' must be 1 to 40 lower-case letters, digits or '-'");
        assertThatThrownBy(() -> new AutonomyRule("x", RuleKind.FROM_PEOPLE, List.of(), null))
                .hasMessage("a from-people rule names 1 to 100 people");
        assertThatThrownBy(() -> new AutonomyRule("x", RuleKind.PURPOSE_CONTAINS, null, " "))
                .hasMessage("a purpose-contains rule names 1 to 100 characters to look for");
    }
}
