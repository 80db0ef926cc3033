package io.enclavesuite.coordination.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AutonomyBudgetExhausted;
import io.enclavesuite.api.coordination.AutonomyBudgetSet;
import io.enclavesuite.api.coordination.AutonomyBudgetSpent;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyLevelSet;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationInitiated;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.IdentityTrusted;
import io.enclavesuite.api.coordination.InboundRateLimitSet;
import io.enclavesuite.api.coordination.InvitationEvaluated;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.PolicyOutcome;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A policy's snapshot is its fields as JSON, stored under the aggregate's class name (every invitation adds an event,
 * so policies are snapshotted like rooms): its shape is pinned here, and it loads back into the same policy.
 */
class AgentPolicySnapshotTest {

    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final String STORED = """
            {
              "owner" : "U0BOB",
              "rules" : {
                "from-alice" : {
                  "ruleId" : "from-alice",
                  "kind" : "from-people",
                  "people" : [ "U0ALICE" ],
                  "purposeContains" : null
                }
              },
              "level" : "full",
              "trusted" : {
                "U0ALICE" : {
                  "person" : "U0ALICE",
                  "intents" : [ "meeting-sync" ]
                }
              },
              "budget" : {
                "unit" : "meetings",
                "amount" : 1
              },
              "inboundPerHour" : 5,
              "week" : "2026-11-23T00:00:00Z",
              "meetingsThisWeek" : 1,
              "minutesThisWeek" : 30,
              "exhaustedUntil" : "2026-11-30T00:00:00Z",
              "inbound" : {
                "U0ALICE" : [ "2026-11-23T09:00:00Z" ]
              },
              "started" : [ "2026-11-23T09:00:00Z" ]
            }""";

    private final ObjectMapper json = EnclaveJson.mapper();

    private static AgentPolicy policy() {
        AgentPolicy policy = new AgentPolicy();
        policy.on(new AutonomyRuleAdded(BOB, new AutonomyRule("from-alice", RuleKind.FROM_PEOPLE, List.of(ALICE), null), T0));
        policy.on(new AutonomyLevelSet(BOB, AutonomyLevel.FULL, T0));
        policy.on(new IdentityTrusted(BOB, new TrustedIdentity(ALICE, List.of(CoordinationType.MEETING_SYNC)), T0));
        policy.on(new AutonomyBudgetSet(BOB, WeeklyBudget.meetings(1), T0));
        policy.on(new InboundRateLimitSet(BOB, 5, T0));
        policy.on(new InvitationEvaluated(BOB, ROOM, ALICE, PolicyOutcome.AUTO_EXECUTED, "level-full", T0));
        policy.on(new AutonomyBudgetSpent(BOB, ROOM, MeetingDuration.ofMinutes(30), 1, 30,
                Instant.parse("2026-11-23T00:00:00Z"), T0));
        policy.on(new AutonomyBudgetExhausted(BOB, WeeklyBudget.meetings(1), Instant.parse("2026-11-23T00:00:00Z"),
                Instant.parse("2026-11-30T00:00:00Z"), T0));
        policy.on(new CoordinationInitiated(BOB, ROOM, T0));
        return policy;
    }

    @Test
    void aPolicyIsSnapshottedInThisShape() throws Exception {
        assertThat(json.readTree(json.writeValueAsString(policy()))).isEqualTo(json.readTree(STORED));
    }

    @Test
    void aStoredSnapshotLoadsIntoTheSamePolicy() throws Exception {
        AgentPolicy loaded = json.readValue(STORED, AgentPolicy.class);

        assertThat(json.readTree(json.writeValueAsString(loaded))).isEqualTo(json.readTree(STORED));
    }
}
