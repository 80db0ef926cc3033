package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A counter made in Slack reaches the others with an Accept button that works, every service real: {@code /meet} →
 * approvals → everyone's windows → the best slots proposed → Bob cannot make the first and picks another time in the
 * counter modal (sealed by the gateway) → coordination-service records it as a new proposal → Alice and Carol are
 * told, and Bob offered his own, each with Accept → all three click Accept → the room is set for Bob's time.
 */
class SlackCounterFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> PEOPLE = List.of("U0ALICE", "U0BOB", "U0CAROL");

    private final SlackStandIn slack = SlackStandIn.start();
    private SuiteUnderTest suite;
    private SlackRequests requests;

    @BeforeEach
    void start() {
        suite = new SuiteUnderTest().startWithCoordination();
        requests = suite.startGateway(slack);
    }

    @AfterEach
    void stop() {
        suite.close();
        slack.close();
    }

    @Test
    void aCounterReachesTheOthersWithAnAcceptThatResolvesTheRoom() throws Exception {
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"budget review\"", "U0ALICE", "D0ALICE",
                "directmessage", slack.newResponseUrl())), SlackRequests.FORM);
        for (String person : List.of("U0BOB", "U0CAROL")) {
            SlackStandIn.Call ask = await().atMost(PATIENCE).until(() -> dm(person, "needs your approval"), Optional::isPresent).get();
            click("approve_participation", button(ask, "approve_participation").path("value").asText(), person);
        }

        // everyone is free 09:00–11:00 tomorrow (UTC)
        long nine = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofHours(9))
                .getEpochSecond();
        for (String person : PEOPLE) {
            SlackStandIn.Call open = await().atMost(PATIENCE).until(() -> dm(person, "is open"), Optional::isPresent).get();
            HttpResponse<String> shared = requests.signed(SlackRequests.viewSubmission("submit_windows",
                    button(open, "share_windows").path("value").asText(), person, picked(nine, nine + 7200)),
                    SlackRequests.FORM);
            assertThat(shared.body()).doesNotContain("errors");
        }

        // Bob cannot make the first proposal: "Another time…" opens the counter modal for it, and he picks 10:15
        SlackStandIn.Call best = await().atMost(PATIENCE).until(() -> dm("U0BOB", "the best times"), Optional::isPresent).get();
        String first = button(best, "counter_slot_open").path("value").asText();
        click("counter_slot_open", first, "U0BOB");
        await().atMost(PATIENCE).until(() -> slack.calls("views.open").stream()
                .anyMatch(c -> c.param("view").contains("\"private_metadata\":\"" + first + "\"")));
        long quarterPastTen = nine + 4500;
        HttpResponse<String> countered = requests.signed(SlackRequests.viewSubmission("counter_slot", first, "U0BOB",
                picked(quarterPastTen, quarterPastTen + 1800)), SlackRequests.FORM);
        assertThat(countered.body()).doesNotContain("errors");

        // Alice and Carol hear of it, Bob is offered his own: each with an Accept for the new proposal, shown at 10:15
        String firstNumber = first.substring(first.indexOf(' ') + 1);
        SlackStandIn.Call toAlice = await().atMost(PATIENCE)
                .until(() -> dm("U0ALICE", "cannot make proposal " + firstNumber), Optional::isPresent).get();
        SlackStandIn.Call toCarol = await().atMost(PATIENCE)
                .until(() -> dm("U0CAROL", "cannot make proposal " + firstNumber), Optional::isPresent).get();
        SlackStandIn.Call toBob = await().atMost(PATIENCE)
                .until(() -> dm("U0BOB", "the time you proposed"), Optional::isPresent).get();
        assertThat(toAlice.param("text")).contains("<@U0BOB>").contains("budget review");
        String counter = button(toAlice, "accept_slot").path("value").asText();
        assertThat(counter).isNotEqualTo(first).startsWith(first.substring(0, first.indexOf(' ') + 1));
        for (SlackStandIn.Call notice : List.of(toAlice, toCarol, toBob)) {
            assertThat(button(notice, "accept_slot").path("value").asText()).isEqualTo(counter);
            assertThat(shown(notice)).contains("<!date^" + quarterPastTen + "^");
        }

        // each clicks Accept on the notice they got, signed as themselves: the room is set for Bob's time
        click("accept_slot", button(toAlice, "accept_slot").path("value").asText(), "U0ALICE");
        click("accept_slot", button(toCarol, "accept_slot").path("value").asText(), "U0CAROL");
        click("accept_slot", button(toBob, "accept_slot").path("value").asText(), "U0BOB");
        for (String person : PEOPLE) {
            SlackStandIn.Call resolved = await().atMost(PATIENCE).until(() -> dm(person, "is set for"), Optional::isPresent).get();
            assertThat(resolved.param("text")).contains("budget review").contains("<!date^" + quarterPastTen + "^");
        }
    }

    private void click(String actionId, String value, String person) throws Exception {
        HttpResponse<String> response = requests.signed(SlackRequests.blockAction(actionId, value, person,
                "D0" + person.substring(3), slack.newResponseUrl()), SlackRequests.FORM);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** A modal's state with one window picked. */
    private static String picked(long from, long until) {
        return "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + from + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + until + "}}}";
    }

    /** The latest direct message to {@code person} whose text contains {@code words}. */
    private Optional<SlackStandIn.Call> dm(String person, String words) {
        List<SlackStandIn.Call> found = slack.calls("chat.postMessage").stream()
                .filter(c -> person.equals(c.param("channel")) && c.param("text").contains(words)).toList();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The text of a message's sections, as people read it. */
    private static String shown(SlackStandIn.Call message) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            text.append(block.path("text").path("text").asText()).append('\n');
        }
        return text.toString();
    }

    /** The first button with this action id among a message's blocks. */
    private static JsonNode button(SlackStandIn.Call message, String actionId) throws Exception {
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            for (JsonNode element : block.path("elements")) {
                if (actionId.equals(element.path("action_id").asText())) {
                    return element;
                }
            }
        }
        throw new AssertionError("no " + actionId + " button in " + message.param("blocks"));
    }
}
