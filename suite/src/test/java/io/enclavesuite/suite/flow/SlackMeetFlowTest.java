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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A meeting sync run entirely from Slack, with every service real: {@code /meet} → coordination-service → approval
 * asked by direct message → Approve → the room opens → each person shares windows in the modal, sealed → the slots
 * proposed, sealed and numbered, their times shown to each as coordination-service opens them → everyone accepts the
 * first by its number → resolved, and each person told when. Only Slack itself is a local stand-in.
 */
class SlackMeetFlowTest {

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
    void aMeetingSyncFromSlashCommandToResolution() throws Exception {
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"quarterly planning\"", "U0ALICE", "D0ALICE",
                "directmessage", slack.newResponseUrl())), SlackRequests.FORM);
        assertThat(ack.body()).contains("Opening a meeting sync \\\"quarterly planning\\\" with 2 others");

        // Bob and Carol have no autonomy rules: each is asked, by direct message, with an Approve button.
        for (String person : List.of("U0BOB", "U0CAROL")) {
            SlackStandIn.Call ask = await().atMost(PATIENCE).until(() -> dm(person, "needs your approval"), Optional::isPresent).get();
            String room = button(ask, "approve_participation").path("value").asText();
            requests.signed(SlackRequests.blockAction("approve_participation", room, person, "D0" + person.substring(3),
                    slack.newResponseUrl()), SlackRequests.FORM);
        }

        // The room opens: all three are asked for their availability, and each shares windows in the modal.
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        long nine = day.plus(Duration.ofHours(9)).getEpochSecond();
        for (String person : PEOPLE) {
            SlackStandIn.Call open = await().atMost(PATIENCE).until(() -> dm(person, "is open"), Optional::isPresent).get();
            String room = button(open, "share_windows").path("value").asText();
            // everyone is free 09:00–11:00; Alice also 14:00–15:00
            String values = "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + nine + "}},"
                    + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + (nine + 7200) + "}}"
                    + (person.equals("U0ALICE") ? ",\"window_2_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":"
                    + (nine + 5 * 3600) + "}},\"window_2_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":"
                    + (nine + 6 * 3600) + "}}" : "") + "}";
            HttpResponse<String> submitted = requests.signed(SlackRequests.viewSubmission("submit_windows", room, person,
                    values), SlackRequests.FORM);
            assertThat(submitted.statusCode()).isEqualTo(200);
            assertThat(submitted.body()).doesNotContain("errors");
        }

        // The best slots are proposed to each, sealed and numbered: the gateway shows each person the times
        // coordination-service opens for them; the first lies in the common window, and everyone accepts it by its
        // number — no button carries a time.
        for (String person : PEOPLE) {
            SlackStandIn.Call proposed = await().atMost(PATIENCE).until(() -> dm(person, "the best times"), Optional::isPresent).get();
            JsonNode accept = button(proposed, "accept_slot");
            assertThat(accept.path("value").asText()).matches("room-[0-9a-f-]{36} [1-9][0-9]*");
            Matcher shown = Pattern.compile("<!date\\^(\\d+)\\^").matcher(timeOf(proposed, accept));
            assertThat(shown.find()).isTrue();
            assertThat(Instant.ofEpochSecond(Long.parseLong(shown.group(1))))
                    .isBetween(Instant.ofEpochSecond(nine), Instant.ofEpochSecond(nine + 7200));
            requests.signed(SlackRequests.blockAction("accept_slot", accept.path("value").asText(), person,
                    "D0" + person.substring(3), slack.newResponseUrl()), SlackRequests.FORM);
        }

        for (String person : PEOPLE) {
            SlackStandIn.Call resolved = await().atMost(PATIENCE).until(() -> dm(person, "is set for"), Optional::isPresent).get();
            // the receipt link opens that room's receipt on the console (enclave.slack.console-url, by default)
            assertThat(resolved.param("text")).contains("quarterly planning")
                    .containsPattern("http://localhost:8086/receipts#room-[0-9a-f-]{36}");
        }
    }

    /** The latest direct message to {@code person} whose text contains {@code words}. */
    private Optional<SlackStandIn.Call> dm(String person, String words) {
        List<SlackStandIn.Call> found = slack.calls("chat.postMessage").stream()
                .filter(c -> person.equals(c.param("channel")) && c.param("text").contains(words)).toList();
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The text of the section just before the buttons {@code button} is one of: the time of that proposal. */
    private static String timeOf(SlackStandIn.Call message, JsonNode button) throws Exception {
        String section = null;
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            if (block.path("type").asText().equals("section")) {
                section = block.path("text").path("text").asText();
            }
            for (JsonNode element : block.path("elements")) {
                if (element.equals(button)) {
                    return section;
                }
            }
        }
        throw new AssertionError("no such button in " + message.param("blocks"));
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
