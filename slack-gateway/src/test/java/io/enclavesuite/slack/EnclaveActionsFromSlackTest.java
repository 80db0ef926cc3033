package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
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

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static io.enclavesuite.testsupport.SlackRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The team enclave's own actions from Slack — members added and removed, the owner's freeze and unfreeze, a
 * tentacle's removal behind a confirm button — and the App Home, through the running gateway with signed requests:
 * what each puts on Kafka, as whom and for which enclave, and what a mistake answers instead. The read side is not
 * running here (the suite's flow tests run it): the App Home must say so rather than fail.
 */
class EnclaveActionsFromSlackTest {

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
        List<String> args = GatewayArguments.of(slack, prefix);
        args.add("--enclave.slack.query-url=http://127.0.0.1:" + closedPort());
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
    void membersAddAndRemoveFreezeAndUnfreezeAreCommandsOfTheCallerForTheChannelsEnclave() throws Exception {
        bind("crew", "C0CREW");
        List<String> texts = List.of("members add <@U0BOB|bob>", "members remove <@U0BOB>", "freeze", "unfreeze");
        for (String text : texts) {
            HttpResponse<String> ack = slash(text, "U0ALICE", "C0CREW", slack.newResponseUrl());
            assertThat(ack.statusCode()).isEqualTo(200);
            // one at a time: the gateway promises no order among requests it handles at the same time
            int sent = texts.indexOf(text) + 1;
            await().atMost(PATIENCE).until(() -> forChannel("C0CREW").size() >= sent);
        }

        List<JsonNode> sent = forChannel("C0CREW");
        assertThat(sent).extracting(e -> e.path("type").asText())
                .containsExactly("RegisterMember", "RemoveMember", "FreezeEnclave", "UnfreezeEnclave");
        assertThat(sent).allSatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("U0ALICE");
            assertThat(e.path("payload").path("enclaveId").asText()).isEqualTo("crew");
        });
        assertThat(sent.get(0).path("payload").path("member").asText()).isEqualTo("U0BOB");
        assertThat(sent.get(1).path("payload").path("member").asText()).isEqualTo("U0BOB");
        assertThat(sent.get(1).path("payload").path("reason").asText()).isEqualTo("removed-by-owner");
        // the owner's own freeze: not a channel fact, so lifted only by the owner
        assertThat(sent.get(2).path("payload").path("reason").asText()).isEqualTo("owner-request");
        assertThat(sent.get(3).path("payload").path("reason").asText()).isEqualTo("owner-request");
    }

    @Test
    void aRefusedFreezeComesBackEphemerallyWithItsReason() throws Exception {
        bind("refused", "C0REFUSED");
        String responseUrl = slack.newResponseUrl();
        assertThat(slash("unfreeze", "U0BOB", "C0REFUSED", responseUrl).body()).contains("Lifting your freeze");
        await().atMost(PATIENCE).until(() -> !forChannel("C0REFUSED").isEmpty());
        UUID commandId = UUID.fromString(forChannel("C0REFUSED").get(0).path("commandId").asText());

        kafka.result(CommandResult.rejected(commandId, "refused",
                "enclave refused is frozen because its channel is archived: unarchive the channel", Instant.now()));

        await().atMost(PATIENCE).until(() -> !slack.responses(responseUrl).isEmpty());
        JsonNode answer = EnclaveJson.mapper().readTree(slack.responses(responseUrl).get(0).body());
        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("text").asText()).isEqualTo(":x: enclave refused is frozen because its channel is "
                + "archived: unarchive the channel");
    }

    @Test
    void aWrongFormAnswersTheHelpWithTheProblemAndSendsNothing() throws Exception {
        bind("wrong", "C0WRONG");
        assertThat(ackText(slash("members add bob", "U0ALICE", "C0WRONG", slack.newResponseUrl())))
                .startsWith(":warning: 'bob' is not a person Slack identified").contains("members add @person");
        assertThat(ackText(slash("members promote <@U0BOB>", "U0ALICE", "C0WRONG", slack.newResponseUrl())))
                .startsWith(":warning: 'promote' is not something to do with members: add or remove");
        assertThat(ackText(slash("freeze everything", "U0ALICE", "C0WRONG", slack.newResponseUrl())))
                .startsWith(":warning: this takes nothing after it").contains("/enclave freeze");
        assertThat(ackText(slash("remove", "U0ALICE", "C0WRONG", slack.newResponseUrl())))
                .startsWith(":warning: name exactly one tentacle").contains("/enclave remove <tentacle>");
        assertThat(ackText(slash("remove Bad_Name", "U0ALICE", "C0WRONG", slack.newResponseUrl())))
                .startsWith(":warning: 'Bad_Name' is not a tentacle name");

        // A good one from the same channel (same key, same partition) lands after anything the mistakes could have
        // sent: it must be the only one.
        slash("unfreeze", "U0ALICE", "C0WRONG", slack.newResponseUrl());
        await().atMost(PATIENCE).until(() -> !forChannel("C0WRONG").isEmpty());
        assertThat(forChannel("C0WRONG")).extracting(e -> e.path("type").asText()).containsExactly("UnfreezeEnclave");
    }

    @Test
    void removingATentacleAsksForConfirmationAndTheButtonSendsRemoveTentacleAsTheClickingPerson() throws Exception {
        bind("lab", "C0LAB");
        bind("other", "C0OTHER");
        HttpResponse<String> ack = slash("remove nightly-report", "U0ALICE", "C0LAB", slack.newResponseUrl());

        JsonNode answer = EnclaveJson.mapper().readTree(ack.body());
        assertThat(answer.path("text").asText()).contains("Removing tentacle *nightly-report*");
        JsonNode button = answer.path("blocks").get(1).path("elements").get(0);
        assertThat(button.path("action_id").asText()).isEqualTo("confirm_remove_tentacle");
        assertThat(button.path("value").asText()).isEqualTo("lab nightly-report");

        // the same button clicked in another enclave's channel removes nothing, and says so
        String refusedUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.blockAction("confirm_remove_tentacle", "lab nightly-report", "U0ALICE", "C0OTHER",
                refusedUrl), FORM);
        await().atMost(PATIENCE).until(() -> !slack.responses(refusedUrl).isEmpty());
        assertThat(EnclaveJson.mapper().readTree(slack.responses(refusedUrl).get(0).body()).path("text").asText())
                .contains("nothing was removed");

        String confirmUrl = slack.newResponseUrl();
        requests.signed(SlackRequests.blockAction("confirm_remove_tentacle", button.path("value").asText(), "U0CAROL",
                "C0LAB", confirmUrl), FORM);
        await().atMost(PATIENCE).until(() -> !forType("RemoveTentacle").isEmpty());
        JsonNode remove = forType("RemoveTentacle").get(0);
        assertThat(remove.path("actor").asText()).isEqualTo("U0CAROL");
        assertThat(remove.path("channelId").asText()).isEqualTo("C0LAB");
        assertThat(remove.path("payload").path("enclaveId").asText()).isEqualTo("lab");
        assertThat(remove.path("payload").path("tentacle").asText()).isEqualTo("nightly-report");
        assertThat(forType("RemoveTentacle")).hasSize(1);
        assertThat(forChannel("C0OTHER")).isEmpty();

        kafka.result(CommandResult.accepted(UUID.fromString(remove.path("commandId").asText()), "lab", Instant.now()));
        await().atMost(PATIENCE).until(() -> !slack.responses(confirmUrl).isEmpty());
        assertThat(EnclaveJson.mapper().readTree(slack.responses(confirmUrl).get(0).body()).path("text").asText())
                .contains("tentacle nightly-report removed from lab");
    }

    @Test
    void theAppHomeSaysSoWhenTheReadSideCannotAnswer() throws Exception {
        HttpResponse<String> ack = requests.signed(SlackRequests.event("Ev0HOME1", "{\"type\":\"app_home_opened\","
                + "\"user\":\"U0HOMER\",\"channel\":\"D0HOMER\",\"tab\":\"home\",\"event_ts\":\"1.0\"}"), JSON);
        assertThat(ack.statusCode()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> !published("U0HOMER").isEmpty());
        JsonNode view = EnclaveJson.mapper().readTree(published("U0HOMER").get(0).param("view"));
        assertThat(view.path("type").asText()).isEqualTo("home");
        List<String> texts = new ArrayList<>();
        view.path("blocks").forEach(b -> texts.add(b.path("text").path("text").asText()));
        assertThat(texts).containsSubsequence("Coordination", "Your enclaves", "Your receipts");
        assertThat(texts.stream().filter(t -> t.contains("cannot be asked just now"))).hasSize(3);

        // the Messages tab opens the same event; nothing is published for it
        requests.signed(SlackRequests.event("Ev0HOME2", "{\"type\":\"app_home_opened\",\"user\":\"U0MESSAGES\","
                + "\"channel\":\"D0MESSAGES\",\"tab\":\"messages\",\"event_ts\":\"2.0\"}"), JSON);
        requests.signed(SlackRequests.event("Ev0HOME3", "{\"type\":\"app_home_opened\",\"user\":\"U0AFTER\","
                + "\"channel\":\"D0AFTER\",\"tab\":\"home\",\"event_ts\":\"3.0\"}"), JSON);
        await().atMost(PATIENCE).until(() -> !published("U0AFTER").isEmpty());
        assertThat(published("U0MESSAGES")).isEmpty();
    }

    private static HttpResponse<String> slash(String text, String user, String channel, String responseUrl)
            throws Exception {
        return requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", text, user, channel,
                channel.toLowerCase(), responseUrl)), FORM);
    }

    private static String ackText(HttpResponse<String> ack) throws Exception {
        assertThat(ack.statusCode()).isEqualTo(200);
        return EnclaveJson.mapper().readTree(ack.body()).path("text").asText();
    }

    private static List<SlackStandIn.Call> published(String user) {
        return slack.calls("views.publish").stream().filter(c -> user.equals(c.param("user_id"))).toList();
    }

    private static void bind(String enclave, String channel) throws Exception {
        kafka.event(topics.enclaveEvents(), enclave, 0, new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of(channel), enclave), UserId.of("U0ALICE"), QuotaPreset.DEFAULT,
                Mode.DEFAULT, "enclave-" + enclave, Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.enclaveOf(channel).isPresent());
    }

    private static List<JsonNode> forChannel(String channel) {
        return kafka.envelopes().stream().filter(e -> channel.equals(e.path("channelId").asText())).toList();
    }

    private static List<JsonNode> forType(String type) {
        return kafka.envelopes(type);
    }

    /** A port nothing listens on: the read side, unreachable. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
