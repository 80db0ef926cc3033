package io.enclavesuite.slack.command;

import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.GatewayProperties.CommandNames;
import io.enclavesuite.slack.command.Intent.Help;
import io.enclavesuite.slack.command.Intent.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SlashCommandParserTest {

    // A Wednesday, mid-morning UTC.
    private static final Instant NOW = Instant.parse("2026-11-25T10:17:42Z");
    private final SlashCommandParser parser = new SlashCommandParser(Clock.fixed(NOW, ZoneOffset.UTC));
    private static final UserId ALICE = UserId.of("U0ALICE");

    @Test
    void provisionTakesQuotaAndPresetInAnyOrder() {
        assertThat(parser.enclave("provision")).isEqualTo(new Intent.Provision(null, null));
        assertThat(parser.enclave("provision LARGE open-read"))
                .isEqualTo(new Intent.Provision(QuotaPreset.LARGE, Mode.OPEN_READ));
        assertThat(parser.enclave("provision rwxr-x--- small"))
                .isEqualTo(new Intent.Provision(QuotaPreset.SMALL, Mode.MEMBER_READ));
    }

    @Test
    void provisionMistakesAreHelpNamingTheProblem() {
        assertThat(parser.enclave("provision huge")).isInstanceOfSatisfying(Help.class, help -> {
            assertThat(help.topic()).isEqualTo(Topic.PROVISION);
            assertThat(help.problem()).contains("'huge' is neither a quota");
        });
        assertThat(parser.enclave("provision small large")).isInstanceOfSatisfying(Help.class,
                help -> assertThat(help.problem()).contains("one quota"));
    }

    @Test
    void subCommandsAndTheirHelp() {
        assertThat(parser.enclave("info")).isEqualTo(new Intent.Info());
        assertThat(parser.enclave("  members  ")).isEqualTo(new Intent.Members());
        assertThat(parser.enclave("tentacles")).isEqualTo(new Intent.Tentacles());
        assertThat(parser.enclave("deprovision")).isEqualTo(new Intent.Deprovision());
        assertThat(parser.enclave("mode open-run")).isEqualTo(new Intent.SetMode(Mode.OPEN_RUN));
        assertThat(parser.enclave("run report")).isInstanceOf(Intent.Run.class);
        assertThat(parser.enclave("")).isEqualTo(new Help(Topic.ENCLAVE, null));
        assertThat(parser.enclave("help")).isEqualTo(new Help(Topic.ENCLAVE, null));
        assertThat(parser.enclave("mode help")).isEqualTo(new Help(Topic.MODE, null));
        assertThat(parser.enclave("help transfer")).isEqualTo(new Help(Topic.TRANSFER, null));
        assertThat(parser.enclave("info now")).isEqualTo(new Help(Topic.INFO, "this takes nothing after it"));
        assertThat(parser.enclave("explode")).isInstanceOfSatisfying(Help.class,
                help -> assertThat(help.problem()).contains("'explode' is not something I can do"));
        assertThat(parser.enclave("run Not_A_Name")).isInstanceOfSatisfying(Help.class,
                help -> assertThat(help.topic()).isEqualTo(Topic.RUN));
    }

    @Test
    void joinTakesNothingAndHasItsHelp() {
        assertThat(parser.enclave("join")).isEqualTo(new Intent.Join());
        assertThat(parser.enclave("join help")).isEqualTo(new Help(Topic.JOIN, null));
        assertThat(parser.enclave("join now")).isInstanceOfSatisfying(Help.class, help -> {
            assertThat(help.topic()).isEqualTo(Topic.JOIN);
            assertThat(help.problem()).isEqualTo("this takes nothing after it");
        });
    }

    @Test
    void transferTakesAMentionAsSlackEscapesIt() {
        assertThat(parser.enclave("transfer <@U0BOB|bob>")).isEqualTo(new Intent.Transfer(UserId.of("U0BOB")));
        assertThat(parser.enclave("transfer <@W0GRID>")).isEqualTo(new Intent.Transfer(UserId.of("W0GRID")));
        assertThat(parser.enclave("transfer @bob")).isInstanceOfSatisfying(Help.class,
                help -> assertThat(help.problem()).contains("pick them from the @ autocomplete"));
    }

    @Test
    void membersAddAndRemoveTakeOneMention() {
        assertThat(parser.enclave("members add <@U0BOB|bob>")).isEqualTo(new Intent.AddMember(UserId.of("U0BOB")));
        assertThat(parser.enclave("members REMOVE <@U0BOB>")).isEqualTo(new Intent.RemoveMember(UserId.of("U0BOB")));
        assertThat(parser.enclave("members add help")).isEqualTo(new Help(Topic.MEMBERS_ADD, null));
        assertThat(parser.enclave("members remove help")).isEqualTo(new Help(Topic.MEMBERS_REMOVE, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"members add", "members add <@U0BOB> <@U0CAROL>", "members remove @bob",
            "members invite <@U0BOB>"})
    void membersMistakesAreHelpNamingTheProblem(String text) {
        assertThat(parser.enclave(text)).isInstanceOfSatisfying(Help.class, help -> {
            assertThat(help.topic()).isIn(Topic.MEMBERS, Topic.MEMBERS_ADD, Topic.MEMBERS_REMOVE);
            assertThat(help.problem()).isNotBlank();
        });
        assertThat(parser.enclave("members remove @bob")).isEqualTo(new Help(Topic.MEMBERS_REMOVE,
                "'@bob' is not a person Slack identified: pick them from the @ autocomplete"));
        assertThat(parser.enclave("members invite <@U0BOB>")).isEqualTo(new Help(Topic.MEMBERS,
                "'invite' is not something to do with members: add or remove"));
    }

    @Test
    void freezeAndUnfreezeTakeNothingAfterThem() {
        assertThat(parser.enclave("freeze")).isEqualTo(new Intent.Freeze());
        assertThat(parser.enclave("Unfreeze")).isEqualTo(new Intent.Unfreeze());
        assertThat(parser.enclave("freeze now")).isEqualTo(new Help(Topic.FREEZE, "this takes nothing after it"));
        assertThat(parser.enclave("unfreeze please")).isEqualTo(new Help(Topic.UNFREEZE, "this takes nothing after it"));
        assertThat(parser.enclave("freeze help")).isEqualTo(new Help(Topic.FREEZE, null));
        assertThat(parser.enclave("help unfreeze")).isEqualTo(new Help(Topic.UNFREEZE, null));
    }

    @Test
    void removeNamesOneTentacle() {
        assertThat(parser.enclave("remove nightly-report"))
                .isEqualTo(new Intent.RemoveTentacle(io.enclavesuite.api.tentacle.TentacleName.of("nightly-report")));
        assertThat(parser.enclave("remove")).isEqualTo(new Help(Topic.REMOVE_TENTACLE, "name exactly one tentacle"));
        assertThat(parser.enclave("remove a b")).isEqualTo(new Help(Topic.REMOVE_TENTACLE, "name exactly one tentacle"));
        assertThat(parser.enclave("remove Not_A_Name")).isEqualTo(new Help(Topic.REMOVE_TENTACLE,
                "'Not_A_Name' is not a tentacle name"));
        assertThat(parser.enclave("remove help")).isEqualTo(new Help(Topic.REMOVE_TENTACLE, null));
    }

    @Test
    void meetReadsPeopleLengthRangeAndPurpose() {
        Intent intent = parser.meet("<@U0BOB|bob> <@U0CAROL> 1h30m within next week \u201cquarterly planning\u201d", ALICE);

        assertThat(intent).isInstanceOfSatisfying(Intent.Meet.class, meet -> {
            assertThat(meet.others()).containsExactly(UserId.of("U0BOB"), UserId.of("U0CAROL"));
            assertThat(meet.duration().length()).isEqualTo(Duration.ofMinutes(90));
            assertThat(meet.range().from()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
            assertThat(meet.range().to()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
            assertThat(meet.purpose().text()).isEqualTo("quarterly planning");
        });
    }

    @Test
    void aRangeThatHasStartedStartsNowAndDatesAreInclusive() {
        assertThat(parser.meet("<@U0BOB> <@U0CAROL> 30m within today \"sync\"", ALICE))
                .isInstanceOfSatisfying(Intent.Meet.class, meet -> {
                    assertThat(meet.range().from()).isEqualTo(Instant.parse("2026-11-25T10:17:00Z"));
                    assertThat(meet.range().to()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
                });
        assertThat(parser.meet("<@U0BOB> <@U0CAROL> 45min within 2026-12-01..2026-12-03 \"sync\"", ALICE))
                .isInstanceOfSatisfying(Intent.Meet.class, meet -> {
                    assertThat(meet.range().from()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
                    assertThat(meet.range().to()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<@U0BOB> 30m within today \"only one other\"",
            "<@U0BOB> <@U0ALICE> 30m within today \"the caller does not count\"",
            "<@U0BOB> <@U0CAROL> 25h within today \"too long\"",
            "<@U0BOB> <@U0CAROL> soon within today \"no length\"",
            "<@U0BOB> <@U0CAROL> 30m today \"no within\"",
            "<@U0BOB> <@U0CAROL> 30m within someday \"unknown range\"",
            "<@U0BOB> <@U0CAROL> 30m within 2026-11-01 \"in the past\"",
            "<@U0BOB> <@U0CAROL> 30m within 2026-12-01..2027-02-01 \"too wide\"",
            "<@U0BOB> <@U0CAROL> 30m within today no-quotes",
    })
    void meetMistakesAreHelp(String text) {
        assertThat(parser.meet(text, ALICE)).isInstanceOfSatisfying(Help.class, help -> {
            assertThat(help.topic()).isEqualTo(Topic.MEET);
            assertThat(help.problem()).isNotBlank();
        });
    }

    @Test
    void meetStatusAndWhy() {
        assertThat(parser.meet("status", ALICE)).isEqualTo(new Intent.MeetStatus());
        assertThat(parser.meet("", ALICE)).isEqualTo(new Help(Topic.MEET, null));
        assertThat(parser.why("growth 3")).isEqualTo(new Intent.Why("growth", 3));
        assertThat(parser.why("room-0b1c2d3e-0000-4000-8000-000000000001#12"))
                .isEqualTo(new Intent.Why("room-0b1c2d3e-0000-4000-8000-000000000001", 12));
        assertThat(parser.why("growth")).isInstanceOf(Help.class);
        assertThat(parser.why("DROP TABLE 1")).isInstanceOf(Help.class);
    }

    @Test
    void helpPagesUseTheConfiguredCommandNames() {
        HelpPages pages = new HelpPages(new CommandNames("/team", "/sync", "/explain"));

        assertThat(pages.render(new Help(Topic.ENCLAVE, null))).contains("`/team provision").contains("`/sync`");
        assertThat(pages.render(new Help(Topic.MEET, "name at least two"))).startsWith(":warning: name at least two")
                .contains("/sync @bob @carol");
        for (Topic topic : Topic.values()) {
            assertThat(pages.page(topic)).isNotBlank();
        }
    }
}
