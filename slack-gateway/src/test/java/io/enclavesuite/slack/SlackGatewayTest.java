package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static io.enclavesuite.testsupport.SlackRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as Slack and the suite see it: real signed HTTP requests to the running service, the command
 * envelopes it puts on Kafka, the results and events it reads back, and what it sends to a local stand-in for
 * Slack's Web API and response_urls.
 */
class SlackGatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static SlackStandIn slack;
    private static ConfigurableApplicationContext gateway;
    private static SlackRequests requests;
    private static KafkaSide kafka;
    private static TopicNames topics;

    @BeforeAll
    static void start() throws Exception {
        slack = SlackStandIn.start();
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        topics = new TopicNames(prefix);
        List<String> args = new ArrayList<>();
        TestInfrastructure.get().springProperties(null, prefix).forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        args.add("--enclave.slack.signing-secret=" + SlackRequests.SECRET);
        args.add("--enclave.slack.bot-token=xoxb-test");
        args.add("--enclave.slack.web-api-url=" + slack.webApiUrl());
        args.add("--enclave.slack.token-key-file=" + TestInfrastructure.API_TOKEN_KEY_FILE);
        gateway = SlackGatewayApplication.application().run(args.toArray(String[]::new));
        requests = new SlackRequests(((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), topics);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void aSignedSlashCommandIsAnsweredWithinTheRequest() throws Exception {
        HttpResponse<String> response = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "help", "U0ALICE", "C0HELP", "help", slack.newResponseUrl())), FORM);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("/enclave provision");
    }

    @Test
    void badSignaturesMissingHeadersAndStaleOrFutureTimestampsAre401AndPublishNothing() throws Exception {
        String body = SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0MALLORY", "C0FORGED",
                "forged", slack.newResponseUrl()));
        String now = String.valueOf(Instant.now().getEpochSecond());
        List<HttpResponse<String>> refused = List.of(
                requests.raw(body, FORM, Map.of("X-Slack-Request-Timestamp", now, "X-Slack-Signature", "v0=" + "0".repeat(64))),
                requests.raw(body, FORM, Map.of()),
                requests.raw(body, FORM, Map.of("X-Slack-Request-Timestamp", now)),
                requests.signedAt(body, FORM, Instant.now().minus(Duration.ofMinutes(6)), Map.of()),
                requests.signedAt(body, FORM, Instant.now().plus(Duration.ofMinutes(2)), Map.of()));

        for (HttpResponse<String> response : refused) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = EnclaveJson.mapper().readTree(response.body());
            assertThat(problem.path("status").asInt()).isEqualTo(401);
            assertThat(problem.path("title").asText()).isEqualTo("Not a verified Slack request");
        }
        // The same command, signed, from the same channel: same key, same partition, so it lands after anything
        // the refused ones could have published. It must be the only one.
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0ALICE", "C0FORGED",
                "forged", slack.newResponseUrl())), FORM);
        await().atMost(PATIENCE).until(() -> !forChannel("C0FORGED").isEmpty());
        assertThat(forChannel("C0FORGED")).singleElement()
                .satisfies(envelope -> assertThat(envelope.path("actor").asText()).isEqualTo("U0ALICE"));
    }

    @Test
    void provisionPublishesTheCommandAsTheVerifiedUserAndTheResultReachesTheResponseUrl() throws Exception {
        String responseUrl = slack.newResponseUrl();
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision small private", "U0ALICE", "C0GROWTH", "growth", responseUrl)), FORM);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Provisioning an enclave for #growth");
        await().atMost(PATIENCE).until(() -> !forChannel("C0GROWTH").isEmpty());
        JsonNode envelope = forChannel("C0GROWTH").get(0);
        assertThat(envelope.path("type").asText()).isEqualTo("ProvisionEnclave");
        assertThat(envelope.path("actor").asText()).isEqualTo("U0ALICE");
        assertThat(envelope.path("payload").path("channel").path("id").asText()).isEqualTo("C0GROWTH");
        assertThat(envelope.path("payload").path("channel").path("name").asText()).isEqualTo("growth");
        assertThat(envelope.path("payload").path("quota").asText()).isEqualTo("small");
        assertThat(envelope.path("payload").path("defaultMode").asText()).isEqualTo("rwx------");

        UUID commandId = UUID.fromString(envelope.path("commandId").asText());
        kafka.result(CommandResult.rejected(commandId, "growth", "U0ALICE already owns 3 enclaves", Instant.now()));
        await().atMost(PATIENCE).until(() -> !slack.responses(responseUrl).isEmpty());
        JsonNode answer = EnclaveJson.mapper().readTree(slack.responses(responseUrl).get(0).body());
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("text").asText()).contains("U0ALICE already owns 3 enclaves");
    }

    @Test
    void aRetriedEventBecomesOneCommand() throws Exception {
        bind("retried", "C0RETRY");
        String archive = SlackRequests.event("Ev0RETRY1", "{\"type\":\"channel_archive\",\"channel\":\"C0RETRY\","
                + "\"user\":\"U0ALICE\",\"event_ts\":\"1.0\"}");

        assertThat(requests.signed(archive, JSON).statusCode()).isEqualTo(200);
        assertThat(requests.signedAt(archive, JSON, Instant.now(), Map.of("X-Slack-Retry-Num", "1",
                "X-Slack-Retry-Reason", "http_timeout")).statusCode()).isEqualTo(200);
        // A later event of the same channel (same key, same partition) proves the retry published nothing after it.
        requests.signed(SlackRequests.event("Ev0RETRY2", "{\"type\":\"channel_unarchive\",\"channel\":\"C0RETRY\","
                + "\"user\":\"U0ALICE\",\"event_ts\":\"2.0\"}"), JSON);
        await().atMost(PATIENCE).until(() -> forEnclave("retried").size() >= 2);

        assertThat(forEnclave("retried")).extracting(e -> e.path("type").asText())
                .containsExactly("FreezeEnclave", "UnfreezeEnclave");
        JsonNode freeze = forEnclave("retried").get(0);
        assertThat(freeze.path("payload").path("reason").asText()).isEqualTo("channel-archived");
        assertThat(freeze.path("actor").asText()).isEqualTo("U0ALICE");
        assertThat(freeze.path("channelId").asText()).isEqualTo("C0RETRY");
    }

    @Test
    void aButtonFromOneChannelNamingAnotherChannelsEnclaveIsRefusedAndSendsNothing() throws Exception {
        bind("alpha", "C0ALPHA");
        bind("beta", "C0BETA");
        String refusedUrl = slack.newResponseUrl();

        HttpResponse<String> ack = requests.signed(SlackRequests.blockAction("confirm_deprovision", "beta 123456",
                "U0ALICE", "C0ALPHA", refusedUrl), FORM);

        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> !slack.responses(refusedUrl).isEmpty());
        assertThat(text(slack.responses(refusedUrl).get(0))).contains("is not this channel's enclave");
        // The same button in beta's own channel goes out; it is the only command for beta.
        requests.signed(SlackRequests.blockAction("confirm_deprovision", "beta 654321", "U0BOB", "C0BETA",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> !forEnclave("beta").isEmpty());
        assertThat(forEnclave("beta")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("ConfirmDeprovision");
            assertThat(envelope.path("channelId").asText()).isEqualTo("C0BETA");
            assertThat(envelope.path("payload").path("confirmationCode").asText()).isEqualTo("654321");
        });
    }

    @Test
    void theNotifierTellsTheChannelItsEnclaveIsReadyAndWaitsOutSlacksRetryAfter() throws Exception {
        bind("ready", "C0READY");
        slack.rateLimit("chat.postMessage", 1, 1);

        kafka.event(topics.enclaveEvents(), "ready", 2, new EnclaveActivated(EnclaveId.of("ready"), "enclave-ready",
                Instant.now()));

        await().atMost(PATIENCE).until(() -> posted("C0READY").size() == 1);
        SlackStandIn.Call post = posted("C0READY").get(0);
        assertThat(post.param("text")).contains("Enclave *ready* is ready");
        assertThat(post.param("blocks")).contains("\"action_id\":\"why\"").contains("ready 2");
        SlackStandIn.Call limited = slack.calls("chat.postMessage:429").get(0);
        assertThat(Duration.between(limited.at(), post.at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    private static void bind(String enclave, String channel) throws Exception {
        kafka.event(topics.enclaveEvents(), enclave, 0, new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of(channel), enclave), UserId.of("U0ALICE"), QuotaPreset.DEFAULT,
                Mode.DEFAULT, "enclave-" + enclave, Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.enclaveOf(channel).isPresent());
    }

    private static String text(SlackStandIn.Call response) throws Exception {
        return EnclaveJson.mapper().readTree(response.body()).path("text").asText();
    }

    private static List<SlackStandIn.Call> posted(String channel) {
        return slack.calls("chat.postMessage").stream().filter(c -> channel.equals(c.param("channel"))).toList();
    }

    private static List<JsonNode> forChannel(String channel) {
        return kafka.envelopes().stream().filter(e -> channel.equals(e.path("channelId").asText())).toList();
    }

    private static List<JsonNode> forEnclave(String enclave) {
        return kafka.envelopes().stream()
                .filter(e -> enclave.equals(e.path("payload").path("enclaveId").asText())).toList();
    }
}
