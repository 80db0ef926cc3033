package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A team enclave's life and a person's App Home from Slack, with every service real: signed slash commands and
 * events → the gateway → Kafka → the write services → the read side, which each step is checked against; only Slack
 * itself is a local stand-in.
 */
class SlackEnclaveActionsFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final SlackStandIn slack = SlackStandIn.start();
    private SuiteUnderTest suite;
    private SlackRequests requests;

    @AfterEach
    void stop() {
        if (suite != null) {
            suite.close();
        }
        slack.close();
    }

    @Test
    void provisionAddAMemberFreezeAndUnfreezeEntirelyFromSlack() throws Exception {
        suite = new SuiteUnderTest().startAll();
        requests = suite.startGateway(slack);

        slash("provision small", "U0ALICE");
        await().atMost(PATIENCE).until(() -> "active".equalsIgnoreCase(enclave().path("status").asText()));

        String added = slash("members add <@U0BOB|bob>", "U0ALICE");
        await().atMost(PATIENCE).until(() -> enclave().path("members").toString().contains("U0BOB"));
        assertThat(answer(added)).startsWith(":white_check_mark:");

        // a member is not the owner: their freeze is refused, with the reason, and nothing changes
        String refused = slash("freeze", "U0BOB");
        assertThat(answer(refused)).startsWith(":x:").contains("only the owner");
        assertThat(enclave().path("status").asText()).isEqualToIgnoringCase("active");

        slash("freeze", "U0ALICE");
        await().atMost(PATIENCE).until(() -> "frozen".equalsIgnoreCase(enclave().path("status").asText()));
        assertThat(enclave().path("frozenFor").toString()).isEqualTo("[\"owner-request\"]");
        assertThat(enclave().path("frozenReason").asText()).isEqualTo("owner-request");

        slash("unfreeze", "U0ALICE");
        await().atMost(PATIENCE).until(() -> "active".equalsIgnoreCase(enclave().path("status").asText()));
        assertThat(enclave().path("frozenFor")).isEmpty();
        assertThat(enclave().path("frozenReason").isNull() || enclave().path("frozenReason").isMissingNode()).isTrue();
        assertThat(enclave().path("owner").asText()).isEqualTo("U0ALICE");
        assertThat(enclave().path("members").toString()).contains("U0BOB");
    }

    @Test
    void aPersonAskedToApproveSeesTheRoomUnderNeedsAttentionWithBadgeOneOnTheirAppHome() throws Exception {
        suite = new SuiteUnderTest().startWithCoordination();
        requests = suite.startGateway(slack);

        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"home planning\"", "U0ALICE", "D0ALICE",
                "directmessage", slack.newResponseUrl())), SlackRequests.FORM);
        // Bob has no autonomy rules: his agent asks him, and the read side files the room under his attention
        await().atMost(PATIENCE).until(() -> suite.get("/api/feed/coordination", "U0BOB").body().contains("\"badge\":1"));

        requests.signed(SlackRequests.event("Ev0HOMEBOB", "{\"type\":\"app_home_opened\",\"user\":\"U0BOB\","
                + "\"channel\":\"D0BOB\",\"tab\":\"home\",\"event_ts\":\"1.0\"}"), SlackRequests.JSON);

        SlackStandIn.Call publish = await().atMost(PATIENCE).until(() -> slack.calls("views.publish").stream()
                .filter(c -> "U0BOB".equals(c.param("user_id"))).findFirst(), Optional::isPresent).get();
        JsonNode view = EnclaveJson.mapper().readTree(publish.param("view"));
        assertThat(view.path("type").asText()).isEqualTo("home");
        List<String> texts = new ArrayList<>();
        List<JsonNode> buttons = new ArrayList<>();
        view.path("blocks").forEach(b -> {
            texts.add(b.path("text").path("text").asText());
            b.path("elements").forEach(buttons::add);
        });
        assertThat(texts).containsSubsequence("Coordination", ":large_orange_circle: *1* needs your attention",
                "*Needs attention*", "Your enclaves", "Your receipts");
        assertThat(texts).anySatisfy(t -> assertThat(t).contains("\"home planning\" from <@U0ALICE>")
                .contains("_awaiting approval_"));
        assertThat(texts).noneSatisfy(t -> assertThat(t).contains("cannot be asked"));

        // the Home's Approve is the notice's: it approves as Bob
        JsonNode approve = buttons.stream().filter(b -> b.path("action_id").asText().equals("approve_participation"))
                .findFirst().orElseThrow();
        String room = approve.path("value").asText();
        requests.signed(SlackRequests.blockAction("approve_participation", room, "U0BOB", "D0BOB",
                slack.newResponseUrl()), SlackRequests.FORM);
        await().atMost(PATIENCE).until(() -> suite.get("/api/feed/coordination", "U0BOB").body().contains("\"badge\":0"));

        // Bob's own agent policy: set and shown from Slack, read from the read side as him
        meet("policy level full", "U0BOB");
        meet("policy budget 2 meetings", "U0BOB");
        await().atMost(PATIENCE).until(() -> suite.get("/api/policy", "U0BOB").body().contains("\"amount\":2"));
        String shown = answer(meet("policy", "U0BOB"));
        assertThat(shown).contains("Level: `full`").contains("Weekly budget: 2 meetings")
                .contains("Invitations per sender and hour: the suite's default").contains("Rules: none");
        // Carol set nothing: the defaults, never Bob's
        assertThat(answer(meet("policy", "U0CAROL"))).contains("Level: `auto-respond`")
                .contains("Weekly budget: none");
    }

    /** Sends {@code /meet <text>} from a direct message as {@code user}; the response_url its answer goes to. */
    private String meet(String text, String user) throws Exception {
        String responseUrl = slack.newResponseUrl();
        assertThat(requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet", text, user,
                "D0" + user.substring(3), "directmessage", responseUrl)), SlackRequests.FORM).statusCode()).isEqualTo(200);
        return responseUrl;
    }

    /** Sends {@code /enclave <text>} from the team channel as {@code user}; the response_url its answer goes to. */
    private String slash(String text, String user) throws Exception {
        String responseUrl = slack.newResponseUrl();
        assertThat(requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", text, user,
                "C0ACTIONS", "team-actions", responseUrl)), SlackRequests.FORM).statusCode()).isEqualTo(200);
        return responseUrl;
    }

    private String answer(String responseUrl) throws Exception {
        SlackStandIn.Call response = await().atMost(PATIENCE).until(() -> slack.responses(responseUrl).stream()
                .findFirst(), Optional::isPresent).get();
        return EnclaveJson.mapper().readTree(response.body()).path("text").asText();
    }

    private JsonNode enclave() throws Exception {
        return read(() -> suite.get("/api/enclaves/team-actions", "U0ALICE").body());
    }

    private static JsonNode read(Callable<String> body) throws Exception {
        return EnclaveJson.mapper().readTree(body.call());
    }
}
