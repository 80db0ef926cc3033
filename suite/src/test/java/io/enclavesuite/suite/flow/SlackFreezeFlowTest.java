package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
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
 * Each freeze is lifted only by its own cause, through every service: the owner freezes the enclave, Slack reports
 * the channel archived and then unarchived (signed events through the gateway), and the enclave stays frozen for its
 * owner — on the read side, in {@code /enclave info} and in a channel notice — until the owner lifts their freeze.
 */
class SlackFreezeFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0FREEZE";
    private static final String ENCLAVE = "slack-freeze";

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
    void theOwnersFreezeSurvivesAnArchiveAndUnarchiveOfTheChannel() throws Exception {
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision small", "U0ALICE",
                CHANNEL, ENCLAVE, slack.newResponseUrl())), SlackRequests.FORM);
        await().atMost(PATIENCE).until(() -> !posted("is ready").isEmpty());

        // the owner's own freeze, sent as a command envelope (its slash command is another change's)
        CommandResult frozen = suite.execute(ENCLAVE, "FreezeEnclave",
                "{\"enclaveId\":\"" + ENCLAVE + "\",\"reason\":\"owner-request\"}", "U0ALICE", CHANNEL);
        assertThat(frozen.status()).as(frozen.reason()).isEqualTo(CommandResult.Status.ACCEPTED);

        requests.signed(SlackRequests.event("Ev0FREEZE1", "{\"type\":\"channel_archive\",\"channel\":\"" + CHANNEL
                + "\",\"user\":\"U0BOB\",\"event_ts\":\"1.0\"}"), SlackRequests.JSON);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(frozenFor())
                .containsExactly("channel-archived", "owner-request"));

        requests.signed(SlackRequests.event("Ev0FREEZE2", "{\"type\":\"channel_unarchive\",\"channel\":\"" + CHANNEL
                + "\",\"user\":\"U0BOB\",\"event_ts\":\"2.0\"}"), SlackRequests.JSON);
        await().atMost(PATIENCE).until(() -> !posted("stays frozen").isEmpty());
        assertThat(posted("stays frozen").get(0).param("text")).isEqualTo(":snowflake: The channel is unarchived, "
                + "but *slack-freeze* stays frozen: its owner froze it (`/enclave unfreeze` lifts that).");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(frozenFor()).containsExactly("owner-request"));
        assertThat(enclave().path("status").asText()).isEqualTo("FROZEN");
        assertThat(suite.storedEventTypes(ENCLAVE)).contains("io.enclavesuite.api.enclave.FreezeReasonLifted")
                .doesNotContain("io.enclavesuite.api.enclave.EnclaveUnfrozen");
        assertThat(posted("active again")).isEmpty();

        String infoUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "info", "U0ALICE", CHANNEL,
                ENCLAVE, infoUrl)), SlackRequests.FORM);
        await().atMost(PATIENCE).until(() -> !slack.responses(infoUrl).isEmpty());
        assertThat(text(slack.responses(infoUrl).get(0))).contains("frozen").contains("Frozen: owner-request");

        // only the owner's own unfreeze makes it active
        CommandResult unfrozen = suite.execute(ENCLAVE, "UnfreezeEnclave",
                "{\"enclaveId\":\"" + ENCLAVE + "\",\"reason\":\"owner-request\"}", "U0ALICE", CHANNEL);
        assertThat(unfrozen.status()).as(unfrozen.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(enclave().path("status").asText()).isEqualTo("ACTIVE"));
        assertThat(frozenFor()).isEmpty();
        await().atMost(PATIENCE).until(() -> !posted("active again").isEmpty());
    }

    private JsonNode enclave() throws Exception {
        return EnclaveJson.mapper().readTree(suite.get("/api/enclaves/" + ENCLAVE, "U0ALICE").body());
    }

    private List<String> frozenFor() throws Exception {
        List<String> reasons = new java.util.ArrayList<>();
        enclave().path("frozenFor").forEach(reason -> reasons.add(reason.asText()));
        return reasons;
    }

    private List<SlackStandIn.Call> posted(String containing) {
        return slack.calls("chat.postMessage").stream()
                .filter(c -> CHANNEL.equals(c.param("channel")) && c.param("text").contains(containing)).toList();
    }

    private static String text(SlackStandIn.Call response) throws Exception {
        return EnclaveJson.mapper().readTree(response.body()).path("text").asText();
    }
}
