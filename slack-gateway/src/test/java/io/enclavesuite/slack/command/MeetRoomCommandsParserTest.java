package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyLevel;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.RemoveAutonomyRule;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SetAutonomyBudget;
import io.enclavesuite.api.coordination.SetAutonomyLevel;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.TrustIdentity;
import io.enclavesuite.api.coordination.TrustedIdentity;
import io.enclavesuite.api.coordination.UntrustIdentity;
import io.enclavesuite.api.coordination.WeeklyBudget;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.GatewayProperties.CommandNames;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /meet propose} and {@code /meet withdraw}, acting on one room named by the id the gateway shows; and
 * {@code /meet policy}, the caller's own agent policy.
 */
class MeetRoomCommandsParserTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:17:42Z");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final CoordinationId ROOM = CoordinationId.of("room-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed");
    private final SlashCommandParser parser = new SlashCommandParser(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {"propose room-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed 2026-12-01T09:00 30m",
            "propose `room-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed` 2026-12-01 09:00 30min",
            "PROPOSE room-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed 2026-12-01t09:00z PT30M"})
    void proposeReadsTheRoomTheStartInUtcAndTheLength(String text) {
        assertThat(parser.meet(text, ALICE)).isEqualTo(new Intent.ProposeTime(ROOM,
                new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"), Instant.parse("2026-12-01T09:30:00Z"))));
    }

    @Test
    void proposeMistakesAreHelpNamingTheProblem() {
        assertThat(parser.meet("propose " + ROOM + " 2026-12-01T09:00", ALICE))
                .isEqualTo(new Help(Topic.MEET_PROPOSE, "give the room, the start and the length, e.g. "
                        + "/meet propose room-… 2026-12-01T09:00 30m"));
        assertThat(problem("propose growth 2026-12-01T09:00 30m")).contains("'growth' is not a room id");
        assertThat(problem("propose " + ROOM + " tomorrow 30m")).contains("'tomorrow' is not a start I can read");
        assertThat(problem("propose " + ROOM + " 2026-13-01T09:00 30m")).contains("is not a start I can read");
        assertThat(problem("propose " + ROOM + " 2026-11-25T10:00 30m")).contains("that start has passed");
        assertThat(problem("propose " + ROOM + " 2026-12-01T09:00 25h")).contains("'25h' is not a meeting length");
        assertThat(parser.meet("propose help", ALICE)).isEqualTo(new Help(Topic.MEET_PROPOSE, null));
        assertThat(parser.meet("help propose", ALICE)).isEqualTo(new Help(Topic.MEET_PROPOSE, null));
    }

    @Test
    void withdrawNamesOneRoom() {
        assertThat(parser.meet("withdraw " + ROOM, ALICE)).isEqualTo(new Intent.WithdrawFrom(ROOM));
        assertThat(parser.meet("withdraw `" + ROOM + "`", ALICE)).isEqualTo(new Intent.WithdrawFrom(ROOM));
        assertThat(problem("withdraw")).isEqualTo("name exactly one room, e.g. /meet withdraw room-…");
        assertThat(problem("withdraw " + ROOM + " " + ROOM)).startsWith("name exactly one room");
        assertThat(problem("withdraw room-42")).contains("'room-42' is not a room id");
        assertThat(parser.meet("withdraw help", ALICE)).isEqualTo(new Help(Topic.MEET_WITHDRAW, null));
    }

    @Test
    void policyChangesAreTheCallersOwn() {
        UserId bob = UserId.of("U0BOB");
        assertThat(parser.meet("policy", ALICE)).isEqualTo(new Intent.PolicyShow());
        assertThat(change("policy level draft-only")).isEqualTo(new SetAutonomyLevel(ALICE, AutonomyLevel.DRAFT_ONLY));
        assertThat(change("policy level FULL")).isEqualTo(new SetAutonomyLevel(ALICE, AutonomyLevel.FULL));
        assertThat(change("policy budget 5 meetings")).isEqualTo(new SetAutonomyBudget(ALICE, WeeklyBudget.meetings(5)));
        assertThat(change("policy budget 1 meeting")).isEqualTo(new SetAutonomyBudget(ALICE, WeeklyBudget.meetings(1)));
        assertThat(change("policy budget 10h")).isEqualTo(new SetAutonomyBudget(ALICE, WeeklyBudget.hours(10)));
        assertThat(change("policy budget 10 hours")).isEqualTo(new SetAutonomyBudget(ALICE, WeeklyBudget.hours(10)));
        assertThat(change("policy budget none")).isEqualTo(new SetAutonomyBudget(ALICE, null));
        assertThat(change("policy trust <@U0BOB|bob>")).isEqualTo(new TrustIdentity(ALICE,
                new TrustedIdentity(bob, List.of(CoordinationType.MEETING_SYNC))));
        assertThat(change("policy untrust <@U0BOB>")).isEqualTo(new UntrustIdentity(ALICE, bob, List.of()));
        assertThat(change("policy rate 4")).isEqualTo(new SetInboundRateLimit(ALICE, 4));
        assertThat(change("policy rate default")).isEqualTo(new SetInboundRateLimit(ALICE, null));
        assertThat(change("policy rule add team members-of-my-enclaves")).isEqualTo(new AddAutonomyRule(ALICE,
                new AutonomyRule("team", RuleKind.MEMBERS_OF_MY_ENCLAVES, null, null)));
        assertThat(change("policy rule add boss from <@U0BOB|bob> U0CAROL")).isEqualTo(new AddAutonomyRule(ALICE,
                new AutonomyRule("boss", RuleKind.FROM_PEOPLE, List.of(bob, UserId.of("U0CAROL")), null)));
        assertThat(change("policy rule add standups purpose \u201cdaily standup\u201d")).isEqualTo(new AddAutonomyRule(ALICE,
                new AutonomyRule("standups", RuleKind.PURPOSE_CONTAINS, null, "daily standup")));
        assertThat(change("policy rule remove boss")).isEqualTo(new RemoveAutonomyRule(ALICE, "boss"));
    }

    @Test
    void policyMistakesAreHelpNamingTheProblem() {
        assertThat(problem("policy level some")).contains("'some' is not a level: none, draft-only, auto-respond or full");
        assertThat(problem("policy level")).contains("give one level");
        assertThat(problem("policy budget lots")).contains("'lots' is not a weekly budget");
        assertThat(problem("policy budget 0 meetings")).contains("a weekly budget is 1 to 500 meetings");
        assertThat(problem("policy budget 200 h")).contains("a weekly budget is 1 to 168 hours");
        assertThat(problem("policy trust bob")).contains("'bob' is not a person Slack identified");
        assertThat(problem("policy trust <@U0ALICE>")).contains("someone other than yourself");
        assertThat(problem("policy untrust")).contains("name exactly one person");
        assertThat(problem("policy rate 0")).contains("'0' is not a number of invitations");
        assertThat(problem("policy rate many")).contains("'many' is not a number of invitations");
        assertThat(problem("policy rule add Bad_Id members-of-my-enclaves")).contains("rule id 'bad_id' must be");
        assertThat(problem("policy rule add boss from")).contains("a from-people rule names 1 to 100 people");
        assertThat(problem("policy rule add boss from bob")).contains("'bob' is not a person Slack identified");
        assertThat(problem("policy rule add s purpose standup")).contains("in quotes");
        assertThat(problem("policy rule add s weekdays")).contains("'weekdays' is not a rule kind");
        assertThat(problem("policy rule drop s")).contains("rule add <id>");
        assertThat(problem("policy rule remove B@D")).contains("is not a rule id");
        assertThat(problem("policy explode")).contains("'explode' is not part of a policy");
        assertThat(parser.meet("policy help", ALICE)).isEqualTo(new Help(Topic.MEET_POLICY, null));
    }

    @Test
    void everyNewFormHasAHelpPage() {
        HelpPages pages = new HelpPages(new CommandNames("/enclave", "/meet", "/why"));
        assertThat(pages.page(Topic.MEET_PROPOSE)).contains("/meet propose <room> <start> <length>");
        assertThat(pages.page(Topic.MEET_WITHDRAW)).contains("/meet withdraw <room>");
        assertThat(pages.page(Topic.MEET_POLICY)).contains("/meet policy level <none|draft-only|auto-respond|full>")
                .contains("/meet policy budget").contains("/meet policy trust @person").contains("untrust @person")
                .contains("/meet policy rate").contains("/meet policy rule add").contains("rule remove <id>");
        assertThat(pages.page(Topic.MEET)).contains("/meet propose").contains("/meet withdraw");
    }

    private Object change(String text) {
        Intent intent = parser.meet(text, ALICE);
        assertThat(intent).isInstanceOf(Intent.PolicyChange.class);
        return ((Intent.PolicyChange) intent).command(ALICE);
    }

    private String problem(String text) {
        Intent intent = parser.meet(text, ALICE);
        assertThat(intent).isInstanceOf(Help.class);
        return ((Help) intent).problem();
    }
}
