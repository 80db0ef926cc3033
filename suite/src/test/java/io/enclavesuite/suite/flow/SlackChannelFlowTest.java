package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel's life in Slack becoming its enclave's, with every service real: the channel's owner provisions, the
 * people already in the channel are invited when the enclave is ready, one signs in (the prompt's button: no OpenID
 * Connect here), then leaves the channel — gone from the read model with the reason in the history — and the channel
 * is renamed, which the read model shows.
 */
class SlackChannelFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final SlackStandIn slack = SlackStandIn.start();
    private SuiteUnderTest suite;
    private SlackRequests requests;

    @BeforeEach
    void start() {
        suite = new SuiteUnderTest().startAll();
        requests = suite.startGateway(slack);
    }

    @AfterEach
    void stop() {
        suite.close();
        slack.close();
    }

    @Test
    void aMemberWhoLeavesTheChannelIsRemovedWithTheReasonAndARenameReachesTheReadModel() throws Exception {
        slack.channel("C0CHANFLOW", "chan-flow", "U0ALICE", List.of("U0ALICE", "U0BOB"));
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0ALICE", "C0CHANFLOW",
                "chan-flow", slack.newResponseUrl())), SlackRequests.FORM);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/chan-flow", "U0ALICE").body()
                .contains("\"status\":\"ACTIVE\""));

        // Bob was in the channel before the enclave: he is asked to sign in, and does, by the prompt's button.
        await().atMost(PATIENCE).until(() -> !prompts("U0BOB").isEmpty());
        JsonNode button = EnclaveJson.mapper().readTree(prompts("U0BOB").get(0).param("blocks")).get(1)
                .path("elements").get(0);
        assertThat(button.path("action_id").asText()).isEqualTo("join_enclave");
        requests.signed(SlackRequests.blockAction("join_enclave", button.path("value").asText(), "U0BOB", "C0CHANFLOW",
                slack.newResponseUrl()), SlackRequests.FORM);
        await().atMost(PATIENCE).until(() -> members().contains("U0BOB"));

        requests.signed(SlackRequests.event("Ev0CHANLEFT", "{\"type\":\"member_left_channel\",\"user\":\"U0BOB\","
                + "\"channel\":\"C0CHANFLOW\",\"channel_type\":\"C\",\"team\":\"T0LOCAL\",\"event_ts\":\"1.0\"}"),
                SlackRequests.JSON);
        await().atMost(PATIENCE).until(() -> !members().contains("U0BOB"));
        JsonNode removed = history("MemberRemoved");
        assertThat(removed.path("payload").path("member").asText()).isEqualTo("U0BOB");
        assertThat(removed.path("payload").path("reason").asText()).isEqualTo("left-channel");

        requests.signed(SlackRequests.event("Ev0CHANRENAME", "{\"type\":\"channel_rename\",\"channel\":{\"id\":"
                + "\"C0CHANFLOW\",\"name\":\"chan-flow-renamed\",\"created\":1700000000},\"event_ts\":\"2.0\"}"),
                SlackRequests.JSON);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/chan-flow", "U0ALICE").body()
                .contains("chan-flow-renamed"));
        assertThat(history("ChannelRenamed").path("actor").asText()).isEqualTo("slack");
    }

    private List<SlackStandIn.Call> prompts(String user) {
        return slack.calls("chat.postEphemeral").stream().filter(c -> user.equals(c.param("user"))).toList();
    }

    private String members() throws Exception {
        return EnclaveJson.mapper().readTree(suite.get("/api/enclaves/chan-flow", "U0ALICE").body()).path("members")
                .toString();
    }

    /** The one event of that type in the enclave's history, as Alice reads it. */
    private JsonNode history(String type) throws Exception {
        JsonNode page = EnclaveJson.mapper().readTree(suite.get("/api/enclaves/chan-flow/history?type=" + type,
                "U0ALICE").body());
        JsonNode events = page.path("items");
        assertThat(events).as(page.toString()).hasSize(1);
        return events.get(0);
    }
}
