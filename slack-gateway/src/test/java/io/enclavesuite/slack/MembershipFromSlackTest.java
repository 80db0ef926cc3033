package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.channel.MembershipDrift;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static io.enclavesuite.testsupport.SlackRequests.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Owner and members as Slack knows them, through the real gateway: signed requests in, the command envelopes it puts
 * on Kafka, and what it asks and tells a local stand-in for Slack's Web API — who created a channel
 * (conversations.info), who is in it (conversations.members), who is a bot (users.info).
 */
class MembershipFromSlackTest {

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
        args.add("--enclave.slack.sign-in.client-id=1234.5678");
        args.add("--enclave.slack.sign-in.client-secret=test-client-secret");
        // passes run when a test asks for one
        args.add("--enclave.slack.member-drift-interval=PT12H");
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
    void onlyTheChannelsOwnerInSlackMayProvisionItsEnclave() throws Exception {
        slack.channel("C0OWNED", "owned", "U0OLIVIA", List.of("U0OLIVIA", "U0MALLORY"));
        String malloryUrl = slack.newResponseUrl();
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision", "U0MALLORY", "C0OWNED", "owned", malloryUrl)), FORM);

        assertThat(ack.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> !slack.responses(malloryUrl).isEmpty());
        JsonNode refusal = EnclaveJson.mapper().readTree(slack.responses(malloryUrl).get(0).body());
        assertThat(refusal.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(refusal.path("text").asText())
                .contains("Only <@U0OLIVIA>, who owns #owned in Slack, can provision its enclave. Nothing was sent.");
        assertThat(slack.calls("conversations.info")).anySatisfy(call -> assertThat(call.param("channel")).isEqualTo("C0OWNED"));

        // The owner's, from the same channel (same key, same partition): it must be the only command there.
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0OLIVIA", "C0OWNED",
                "owned", slack.newResponseUrl())), FORM);
        await().atMost(PATIENCE).until(() -> !forChannel("C0OWNED").isEmpty());
        assertThat(forChannel("C0OWNED")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("ProvisionEnclave");
            assertThat(envelope.path("actor").asText()).isEqualTo("U0OLIVIA");
        });
    }

    @Test
    void whenSlackCannotSayWhoOwnsTheChannelThePersonIsToldAndNothingIsSent() throws Exception {
        slack.channel("C0BUSY", "busy", "U0ALICE", List.of("U0ALICE"));
        slack.rateLimit("conversations.info", 1, 7);
        String url = slack.newResponseUrl();
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0ALICE", "C0BUSY",
                "busy", url)), FORM);

        await().atMost(PATIENCE).until(() -> !slack.responses(url).isEmpty());
        assertThat(EnclaveJson.mapper().readTree(slack.responses(url).get(0).body()).path("text").asText())
                .contains("Slack asks me to wait before asking who owns #busy; nothing was sent. Try again in 7 s.");

        // Asked again once Slack answers: accepted, and the only command of the channel.
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0ALICE", "C0BUSY",
                "busy", slack.newResponseUrl())), FORM);
        await().atMost(PATIENCE).until(() -> !forChannel("C0BUSY").isEmpty());
        assertThat(forChannel("C0BUSY")).singleElement()
                .satisfies(envelope -> assertThat(envelope.path("type").asText()).isEqualTo("ProvisionEnclave"));
    }

    @Test
    void everyoneAlreadyInTheChannelIsInvitedOnceWhenTheEnclaveBecomesActive() throws Exception {
        slack.channel("C0READY", "ready", "U0ALICE",
                List.of("U0ALICE", "U0BOB", "U0CARL", "U0BOT", "U0DORA", "U0ERIK", "U0FAY", "U0GUS"));
        slack.bot("U0BOT");
        bind("ready", "C0READY");
        kafka.event(topics.enclaveEvents(), "ready", 1, new MemberRegistered(EnclaveId.of("ready"), UserId.of("U0DORA"), Instant.now()));
        kafka.event(topics.enclaveEvents(), "ready", 2, new EnclaveActivated(EnclaveId.of("ready"), "enclave-ready", Instant.now()));

        List<String> invited = List.of("U0BOB", "U0CARL", "U0ERIK", "U0FAY", "U0GUS");
        await().atMost(PATIENCE).until(() -> invited.stream().allMatch(person -> !prompts(person, "C0READY").isEmpty()));
        // redelivered: nobody is asked twice; a later event of the same enclave (same partition) shows it was read
        kafka.event(topics.enclaveEvents(), "ready", 2, new EnclaveActivated(EnclaveId.of("ready"), "enclave-ready", Instant.now()));
        kafka.event(topics.enclaveEvents(), "ready", 3, new ChannelRenamed(EnclaveId.of("ready"), ChannelId.of("C0READY"),
                "ready", "ready-now", Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.bindingOf("ready").orElseThrow().channelName().equals("ready-now"));

        for (String person : invited) {
            assertThat(prompts(person, "C0READY")).as(person).singleElement().satisfies(prompt -> {
                assertThat(prompt.param("text")).contains("*ready*").contains("Sign in");
                assertThat(button(prompt).path("url").asText()).contains("/slack/sign-in?state=");
            });
        }
        // the owner, a member who signed in early, and the bot are not asked
        assertThat(prompts("U0ALICE", "C0READY")).isEmpty();
        assertThat(prompts("U0DORA", "C0READY")).isEmpty();
        assertThat(prompts("U0BOT", "C0READY")).isEmpty();
        // eight members in pages of three: the cursor was followed to the end, once per activation read
        assertThat(slack.calls("conversations.members").stream().filter(c -> "C0READY".equals(c.param("channel"))))
                .hasSize(6);
    }

    @Test
    void joinSendsTheSignInAgainAndAMemberIsToldTheyAreOne() throws Exception {
        bind("joinable", "C0JOINABLE");
        kafka.event(topics.enclaveEvents(), "joinable", 1, new MemberRegistered(EnclaveId.of("joinable"), UserId.of("U0DORA"), Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.belongsTo("joinable", "U0DORA"));

        HttpResponse<String> newcomer = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "join", "U0EVA", "C0JOINABLE", "joinable", slack.newResponseUrl())), FORM);
        assertThat(newcomer.statusCode()).isEqualTo(200);
        JsonNode prompt = EnclaveJson.mapper().readTree(newcomer.body());
        assertThat(prompt.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(prompt.path("text").asText()).contains("*joinable*").contains("Sign in to become a member");
        URI signIn = URI.create(prompt.path("blocks").get(1).path("elements").get(0).path("url").asText());
        assertThat(signIn.getPath()).isEqualTo("/slack/sign-in");

        HttpResponse<String> member = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "join", "U0DORA", "C0JOINABLE", "joinable", slack.newResponseUrl())), FORM);
        assertThat(member.body()).contains("You are a member of *joinable* already.");
        HttpResponse<String> owner = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "join", "U0ALICE", "C0JOINABLE", "joinable", slack.newResponseUrl())), FORM);
        assertThat(owner.body()).contains("You are a member of *joinable* already.");
        assertThat(forChannel("C0JOINABLE")).isEmpty();
    }

    @Test
    void withSignInConfiguredAForgedJoinClickRegistersNobody() throws Exception {
        bind("guarded", "C0GUARDED");
        String url = slack.newResponseUrl();
        HttpResponse<String> click = requests.signed(SlackRequests.blockAction("join_enclave", "guarded", "U0MALLORY",
                "C0GUARDED", url), FORM);

        assertThat(click.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> !slack.responses(url).isEmpty());
        assertThat(EnclaveJson.mapper().readTree(slack.responses(url).get(0).body()).path("text").asText())
                .contains("no longer signs anyone in").contains("Nothing was done");
        // Mallory then leaves the channel: that command has the same key, so it lands after anything the click sent.
        requests.signed(SlackRequests.event("Ev0GUARD1", "{\"type\":\"member_left_channel\",\"user\":\"U0MALLORY\","
                + "\"channel\":\"C0GUARDED\",\"channel_type\":\"C\",\"team\":\"T0LOCAL\",\"event_ts\":\"1.0\"}"), JSON);
        await().atMost(PATIENCE).until(() -> !forEnclave("guarded").isEmpty());
        assertThat(forEnclave("guarded")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("RemoveMember");
            assertThat(envelope.path("payload").path("reason").asText()).isEqualTo("left-channel");
            assertThat(envelope.path("actor").asText()).isEqualTo("U0MALLORY");
        });
    }

    @Test
    void theDriftCheckRemovesMembersNoLongerInTheChannelOnceAndKeepsTheRest() throws Exception {
        slack.channel("C0DRIFT", "drift", "U0ALICE", List.of("U0ALICE", "U0BOB", "U0CARL", "U0DORA"));
        bind("drift", "C0DRIFT");
        EnclaveId drift = EnclaveId.of("drift");
        kafka.event(topics.enclaveEvents(), "drift", 1, new MemberRegistered(drift, UserId.of("U0BOB"), Instant.now()));
        kafka.event(topics.enclaveEvents(), "drift", 2, new MemberRegistered(drift, UserId.of("U0GONE"), Instant.now()));
        kafka.event(topics.enclaveEvents(), "drift", 3, new MemberRegistered(drift, UserId.of("U0LEFT"), Instant.now()));
        kafka.event(topics.enclaveEvents(), "drift", 4, new MemberRegistered(drift, UserId.of("U0DORA"), Instant.now()));
        // U0LEFT's departure was read already: not a member any more, nothing to remove
        kafka.event(topics.enclaveEvents(), "drift", 5, new MemberRemoved(drift, UserId.of("U0LEFT"), Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.membersOf("drift").size() == 3);

        MembershipDrift check = gateway.getBean(MembershipDrift.class);
        check.pass();
        check.pass(); // before the removal is read back: the same command again

        await().atMost(PATIENCE).until(() -> forEnclave("drift").size() == 2);
        assertThat(forEnclave("drift")).allSatisfy(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("RemoveMember");
            assertThat(envelope.path("actor").asText()).isEqualTo("slack");
            assertThat(envelope.path("channelId").asText()).isEqualTo("C0DRIFT");
            assertThat(envelope.path("payload").path("member").asText()).isEqualTo("U0GONE");
            assertThat(envelope.path("payload").path("reason").asText()).isEqualTo("not-in-channel");
        });
        assertThat(forEnclave("drift").stream().map(e -> e.path("commandId").asText()).distinct()).hasSize(1);

        // Once the removal is read back, a pass finds nothing to do.
        kafka.event(topics.enclaveEvents(), "drift", 6, new MemberRemoved(drift, UserId.of("U0GONE"), Instant.now()));
        await().atMost(PATIENCE).until(() -> directory.membersOf("drift").size() == 2);
        check.pass();
        assertThat(forEnclave("drift")).hasSize(2);

        // Deprovisioned: its members are forgotten, so a new enclave of that name starts with none.
        kafka.event(topics.enclaveEvents(), "drift", 7, new EnclaveDeprovisioned(drift, UserId.of("U0ALICE"), List.of(), Instant.now()));
        await().atMost(PATIENCE).until(() -> directory.membersOf("drift").isEmpty());
    }

    @Test
    void aFailedProvisioningFreesTheChannelForANewOne() throws Exception {
        slack.channel("C0RETRY", "retry", "U0ALICE", List.of("U0ALICE"));
        bind("retry", "C0RETRY");
        String refusedUrl = slack.newResponseUrl();
        HttpResponse<String> refused = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision", "U0ALICE", "C0RETRY", "retry", refusedUrl)), FORM);
        assertThat(refused.body()).contains("This channel already has enclave *retry*");

        kafka.event(topics.enclaveEvents(), "retry", 1, new EnclaveProvisioningFailed(EnclaveId.of("retry"),
                "namespace quota refused", Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.enclaveOf("C0RETRY").isEmpty());

        HttpResponse<String> again = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision", "U0ALICE", "C0RETRY", "retry", slack.newResponseUrl())), FORM);
        assertThat(again.body()).contains("Provisioning an enclave for #retry");
        await().atMost(PATIENCE).until(() -> !forChannel("C0RETRY").isEmpty());
        assertThat(forChannel("C0RETRY")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("ProvisionEnclave");
            assertThat(envelope.path("actor").asText()).isEqualTo("U0ALICE");
        });
    }

    /** The embedded default: no bot token, no workspace to ask, so whoever provisions is taken as the owner. */
    @Test
    void withoutAWorkspaceTheCallerIsTakenAsTheOwnerAndToldSo() throws Exception {
        List<String> args = GatewayArguments.of(slack, topics.prefix());
        args.remove("--enclave.slack.bot-token=xoxb-test");
        args.add("--enclave.slack.consumer-group=slack-gateway-unconnected");
        try (ConfigurableApplicationContext unconnected = SlackGatewayApplication.application().run(args.toArray(String[]::new))) {
            SlackRequests toIt = new SlackRequests(((ServletWebServerApplicationContext) unconnected).getWebServer().getPort());
            HttpResponse<String> ack = toIt.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision",
                    "U0NOBODY", "C0LOCAL", "local", slack.newResponseUrl())), FORM);

            assertThat(ack.body()).contains("Provisioning an enclave for #local, with you as its owner: no Slack "
                    + "workspace is connected");
            await().atMost(PATIENCE).until(() -> !forChannel("C0LOCAL").isEmpty());
            assertThat(forChannel("C0LOCAL")).singleElement()
                    .satisfies(envelope -> assertThat(envelope.path("actor").asText()).isEqualTo("U0NOBODY"));
            assertThat(slack.calls("conversations.info")).noneMatch(call -> "C0LOCAL".equals(call.param("channel")));
        }
    }

    private static void bind(String enclave, String channel) throws Exception {
        kafka.event(topics.enclaveEvents(), enclave, 0, new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of(channel), enclave), UserId.of("U0ALICE"), QuotaPreset.DEFAULT,
                Mode.DEFAULT, "enclave-" + enclave, Instant.now()));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.enclaveOf(channel).isPresent());
    }

    private static List<SlackStandIn.Call> prompts(String user, String channel) {
        return slack.calls("chat.postEphemeral").stream()
                .filter(c -> user.equals(c.param("user")) && channel.equals(c.param("channel"))).toList();
    }

    private static JsonNode button(SlackStandIn.Call prompt) {
        try {
            return EnclaveJson.mapper().readTree(prompt.param("blocks")).get(1).path("elements").get(0);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonNode> forChannel(String channel) {
        return kafka.envelopes().stream().filter(e -> channel.equals(e.path("channelId").asText())).toList();
    }

    private static List<JsonNode> forEnclave(String enclave) {
        return kafka.envelopes().stream()
                .filter(e -> enclave.equals(e.path("payload").path("enclaveId").asText())).toList();
    }
}
