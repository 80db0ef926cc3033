package io.enclavesuite.slack.command;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;
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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /meet propose} and {@code /meet withdraw}: acting on one room, named by the id the gateway shows. */
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
    void everyNewFormHasAHelpPage() {
        HelpPages pages = new HelpPages(new CommandNames("/enclave", "/meet", "/why"));
        assertThat(pages.page(Topic.MEET_PROPOSE)).contains("/meet propose <room> <start> <length>");
        assertThat(pages.page(Topic.MEET_WITHDRAW)).contains("/meet withdraw <room>");
        assertThat(pages.page(Topic.MEET)).contains("/meet propose").contains("/meet withdraw");
    }

    private String problem(String text) {
        Intent intent = parser.meet(text, ALICE);
        assertThat(intent).isInstanceOf(Help.class);
        return ((Help) intent).problem();
    }
}
