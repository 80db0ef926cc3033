package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack to Kubernetes and back, with every service real: a signed {@code /enclave provision} → the gateway → Kafka →
 * the Enclave aggregate → the provisioning saga (Kubernetes API) → EnclaveActivated on the event topic → the
 * gateway's notifier → "ready" posted to that channel, at a local server standing in for Slack's Web API.
 */
class SlackFlowTest {

    // One suite for both tests: the first only reads which beans each context has, and Slack sees nothing from it.
    private static SlackStandIn slack;
    private static SuiteUnderTest suite;
    private static SlackRequests requests;

    @BeforeAll
    static void start() {
        slack = SlackStandIn.start();
        suite = new SuiteUnderTest().startAll();
        requests = suite.startGateway(slack);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        slack.close();
    }

    @Test
    void theGatewayStartsNoneOfTheOtherServicesMachineryThoughItIsOnTheClasspath() {
        assertThat(suite.gateway.getBeanNamesForType(org.axonframework.config.Configuration.class)).isEmpty();
        assertThat(suite.gateway.getBeanNamesForType(com.github.kagkarlsson.scheduler.Scheduler.class)).isEmpty();
        assertThat(suite.gateway.containsBean("openApiResource")).isFalse();
        // … while a service that uses them has them, in the same JVM
        assertThat(suite.command.getBeanNamesForType(org.axonframework.config.Configuration.class)).isNotEmpty();
    }

    @Test
    void aSignedProvisionEndsWithReadyPostedToTheChannelAndInfoReadFromTheReadSide() throws Exception {
        String provisionUrl = slack.newResponseUrl();
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision small", "U0ALICE", "C0SLACKFLOW", "slack-flow", provisionUrl)), SlackRequests.FORM);
        assertThat(ack.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> ready("C0SLACKFLOW").size() == 1);
        assertThat(ready("C0SLACKFLOW").get(0).param("text")).contains("Enclave *slack-flow* is ready")
                .contains("enclave-slack-flow");
        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.responses(provisionUrl).isEmpty());
        assertThat(text(slack.responses(provisionUrl).get(0))).startsWith(":white_check_mark:");
        assertThat(suite.storedEventTypes("slack-flow")).contains("io.enclavesuite.api.enclave.EnclaveActivated");

        // A read on the user's behalf: the gateway asks the read side with a token for the Slack user it verified.
        String infoUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "info", "U0ALICE", "C0SLACKFLOW",
                "slack-flow", infoUrl)), SlackRequests.FORM);
        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.responses(infoUrl).isEmpty()
                && text(slack.responses(infoUrl).get(0)).contains("active"));
        assertThat(text(slack.responses(infoUrl).get(0))).contains("*slack-flow*").contains("Owner <@U0ALICE>");

        // The notice's "Why?" button opens a modal with the chain behind it, as the read side shows it to Alice.
        String why = EnclaveJson.mapper().readTree(ready("C0SLACKFLOW").get(0).param("blocks")).get(1)
                .path("elements").get(0).path("value").asText();
        assertThat(why).isEqualTo("slack-flow 1");
        requests.signed(SlackRequests.blockAction("why", why, "U0ALICE", "C0SLACKFLOW", slack.newResponseUrl()),
                SlackRequests.FORM);
        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.calls("views.open").isEmpty());
        JsonNode modal = EnclaveJson.mapper().readTree(slack.calls("views.open").get(0).param("view"));
        String chain = modal.path("blocks").get(0).path("text").path("text").asText();
        assertThat(chain).contains("Why EnclaveActivated").contains("Started by <@U0ALICE> with EnclaveProvisioningStarted")
                .contains("in <#C0SLACKFLOW>").contains("via kafka:slack-gateway");

        // The same path without any workspace: enclavectl signs the command and stands in for the response_url.
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("slack-signing-secret", "");
        java.nio.file.Files.writeString(secret, SlackRequests.SECRET);
        java.io.StringWriter out = new java.io.StringWriter();
        int gatewayPort = ((WebServerApplicationContext) suite.gateway).getWebServer().getPort();
        int exit = io.enclavesuite.ctl.EnclaveCtl.commandLine().setOut(new java.io.PrintWriter(out)).execute("slack",
                "--user", "U0ALICE", "--channel", "C0SLACKFLOW", "--channel-name", "slack-flow",
                "--url", "http://127.0.0.1:" + gatewayPort + "/slack/events", "--secret-file", secret.toString(),
                "--wait", "30s", "/enclave", "members");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Owner: <@U0ALICE>");
    }

    private static List<SlackStandIn.Call> ready(String channel) {
        return slack.calls("chat.postMessage").stream()
                .filter(c -> channel.equals(c.param("channel")) && c.param("text").contains("is ready")).toList();
    }

    private static String text(SlackStandIn.Call response) {
        try {
            JsonNode json = EnclaveJson.mapper().readTree(response.body());
            return json.path("text").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
