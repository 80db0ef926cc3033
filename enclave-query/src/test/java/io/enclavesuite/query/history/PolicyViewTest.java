package io.enclavesuite.query.history;

import io.enclavesuite.api.coordination.AutonomyBudgetExhausted;
import io.enclavesuite.api.coordination.AutonomyBudgetReset;
import io.enclavesuite.api.coordination.AutonomyBudgetSet;
import io.enclavesuite.api.coordination.AutonomyBudgetSpent;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyLevelSet;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRuleAdded;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.IdentityTrusted;
import io.enclavesuite.api.coordination.IdentityUntrusted;
import io.enclavesuite.api.coordination.InboundRateLimitSet;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.ApiMockMvc;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.enclavesuite.query.ApiMockMvc.reader;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A person reads their own agent policy, folded from its events; nobody reads another's. */
class PolicyViewTest {

    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    /** A Wednesday: its week started on Monday 2026-11-30. */
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant MONDAY = Instant.parse("2026-11-30T00:00:00Z");
    private static final Instant NEXT_MONDAY = Instant.parse("2026-12-07T00:00:00Z");

    private final RecordedHistory history = new RecordedHistory();
    private long sequence;

    private MockMvc api(Instant now) {
        return ApiMockMvc.of(new PolicyController(history.jdbc, Clock.fixed(now, ZoneOffset.UTC)));
    }

    private void record(Object event) throws Exception {
        history.record(ALICE.value(), sequence++, event, NOW, RecordedHistory.metadata(ALICE.value(), "slack", null,
                "t-policy", null));
    }

    @Test
    void aPolicyNobodyChangedActsAtTheDefaults() throws Exception {
        api(NOW).perform(get("/api/policy").with(reader("U0CAROL")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("U0CAROL"))
                .andExpect(jsonPath("$.level").value("auto-respond"))
                .andExpect(jsonPath("$.effectiveLevel").value("auto-respond"))
                .andExpect(jsonPath("$.weeklyBudget.budget").isEmpty())
                .andExpect(jsonPath("$.inboundPerHour").isEmpty())
                .andExpect(jsonPath("$.trusted.length()").value(0))
                .andExpect(jsonPath("$.rules.length()").value(0));
    }

    @Test
    void everySettingAndTheWeeksSpendingAsTheEventsLeftThem() throws Exception {
        record(new AutonomyRuleAdded(ALICE, new AutonomyRule("team", RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null), NOW));
        record(new AutonomyLevelSet(ALICE, AutonomyLevel.FULL, NOW));
        record(new AutonomyBudgetSet(ALICE, WeeklyBudget.meetings(2), NOW));
        record(new InboundRateLimitSet(ALICE, 5, NOW));
        record(new IdentityTrusted(ALICE, new TrustedIdentity(BOB, List.of(CoordinationType.MEETING_SYNC)), NOW));
        record(new IdentityTrusted(ALICE, new TrustedIdentity(UserId.of("U0DAN"), List.of(CoordinationType.MEETING_SYNC)), NOW));
        record(new IdentityUntrusted(ALICE, UserId.of("U0DAN"), List.of(CoordinationType.MEETING_SYNC), NOW));
        record(new AutonomyBudgetSpent(ALICE, CoordinationId.of("room-00000000-0000-0000-0000-0000000000c1"),
                MeetingDuration.ofMinutes(30), 2, 60, MONDAY, NOW));
        record(new AutonomyBudgetExhausted(ALICE, WeeklyBudget.meetings(2), MONDAY, NEXT_MONDAY, NOW));

        api(NOW).perform(get("/api/policy").with(reader("U0ALICE")))
                .andExpect(jsonPath("$.level").value("full"))
                // spent: draft-only until the week turns
                .andExpect(jsonPath("$.effectiveLevel").value("draft-only"))
                .andExpect(jsonPath("$.weeklyBudget.budget.unit").value("meetings"))
                .andExpect(jsonPath("$.weeklyBudget.budget.amount").value(2))
                .andExpect(jsonPath("$.weeklyBudget.meetingsThisWeek").value(2))
                .andExpect(jsonPath("$.weeklyBudget.minutesThisWeek").value(60))
                .andExpect(jsonPath("$.weeklyBudget.exhausted").value(true))
                .andExpect(jsonPath("$.weeklyBudget.resetsAt").value(NEXT_MONDAY.toString()))
                .andExpect(jsonPath("$.inboundPerHour").value(5))
                .andExpect(jsonPath("$.trusted[*].person", contains("U0BOB")))
                .andExpect(jsonPath("$.rules[*].ruleId", contains("team")));

        // the next week, before the reset is recorded, and after it
        Instant nextWeek = NEXT_MONDAY.plus(Duration.ofHours(1));
        api(nextWeek).perform(get("/api/policy").with(reader("U0ALICE")))
                .andExpect(jsonPath("$.effectiveLevel").value("full"))
                .andExpect(jsonPath("$.weeklyBudget.meetingsThisWeek").value(0))
                .andExpect(jsonPath("$.weeklyBudget.exhausted").value(false));
        record(new AutonomyBudgetReset(ALICE, NEXT_MONDAY, NEXT_MONDAY));
        api(NOW).perform(get("/api/policy").with(reader("U0ALICE")))
                .andExpect(jsonPath("$.effectiveLevel").value("full"));

        // Bob reads his own, never Alice's: there is no way to name another person
        api(NOW).perform(get("/api/policy").with(reader("U0BOB")))
                .andExpect(jsonPath("$.owner").value("U0BOB"))
                .andExpect(jsonPath("$.level").value("auto-respond"))
                .andExpect(jsonPath("$.rules.length()").value(0));
        api(NOW).perform(get("/api/policy").param("owner", "U0ALICE").with(reader("U0BOB")))
                .andExpect(jsonPath("$.owner").value("U0BOB"));
    }
}
