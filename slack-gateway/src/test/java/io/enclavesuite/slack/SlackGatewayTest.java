package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.trust.RoomSeals;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.Proposal;
import io.enclavesuite.api.coordination.SealedSlot;
import io.enclavesuite.api.coordination.SlotCountered;
import io.enclavesuite.api.coordination.SlotProposed;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.slack.channel.ChannelDirectory;
import io.enclavesuite.slack.notify.DriftNotices;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
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
 * Slack's Web API and response_urls — and what it asks a local stand-in for coordination-service's proposals.
 */
class SlackGatewayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String CLIENT_ID = "1234.5678";
    private static final RSAKey SLACK_KEY = slackKey();
    private static SlackStandIn slack;
    private static CoordinationStandIn coordination;
    private static ConfigurableApplicationContext gateway;
    private static SlackRequests requests;
    private static KafkaSide kafka;
    private static TopicNames topics;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        slack = SlackStandIn.start();
        coordination = CoordinationStandIn.start(ApiTokens.service("slack-gateway"));
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        topics = new TopicNames(prefix);
        List<String> args = GatewayArguments.of(slack, prefix);
        args.add("--enclave.slack.coordination-url=" + coordination.url());
        args.add("--enclave.slack.sign-in.client-id=" + CLIENT_ID);
        args.add("--enclave.slack.sign-in.client-secret=test-client-secret");
        args.add("--enclave.slack.sign-in.keys-url=" + slack.webApiUrl() + "openid/connect/keys");
        args.add("--enclave.slack.sign-in.authorize-url=https://slack.example/openid/connect/authorize");
        gateway = SlackGatewayApplication.application().run(args.toArray(String[]::new));
        port = ((ServletWebServerApplicationContext) gateway).getWebServer().getPort();
        requests = new SlackRequests(port);
        slack.answer("openid/connect/keys", call -> new JWKSet(SLACK_KEY.toPublicJWK()).toString());
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
        if (coordination != null) {
            coordination.close();
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
    void slacksHandshakesAreAnswered() throws Exception {
        HttpResponse<String> challenge = requests.signed(
                "{\"token\":\"unused\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}", JSON);
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(challenge.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        HttpResponse<String> sslCheck = requests.signed("ssl_check=1&token=unused", FORM);
        assertThat(sslCheck.statusCode()).isEqualTo(200);
    }

    @Test
    void readinessAndMetricsAreServedWithoutASlackSignature() throws Exception {
        requests.raw("command=%2Fenclave", FORM, Map.of("X-Slack-Request-Timestamp",
                String.valueOf(Instant.now().getEpochSecond()), "X-Slack-Signature", "v0=" + "1".repeat(64)));
        requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave", "provision", "U0ALICE", "C0METRICS",
                "metrics", slack.newResponseUrl())), FORM);
        await().atMost(PATIENCE).until(() -> !forChannel("C0METRICS").isEmpty());

        // the actuator answers on the management port only; the public port serves Slack and sign-in
        int management = gateway.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
        assertThat(browser("http://127.0.0.1:" + port + "/actuator/health/readiness").statusCode()).isEqualTo(404);
        HttpResponse<String> readiness = browser("http://127.0.0.1:" + management + "/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        JsonNode health = EnclaveJson.mapper().readTree(readiness.body());
        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("kafka").path("status").asText()).isEqualTo("UP");
        String metrics = browser("http://127.0.0.1:" + management + "/actuator/prometheus").body();
        assertThat(metrics).contains("enclave_slack_requests_total{application=\"slack-gateway\",outcome=\"refused\",reason=\"SIGNATURE_MISMATCH\"}")
                .contains("enclave_slack_commands_total{application=\"slack-gateway\",outcome=\"published\",type=\"ProvisionEnclave\"}")
                .contains("enclave_slack_outbox_depth{application=\"slack-gateway\"}")
                .contains("enclave_slack_outbox_oldest_age_seconds{application=\"slack-gateway\"}");
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
        assertThat(gateway.getBean(org.springframework.jdbc.core.JdbcTemplate.class).queryForObject(
                "select count(*) from pending_reply where command_id = ?", Integer.class, commandId)).isZero();
    }

    /**
     * A captured request sent again inside Slack's five minutes passes the signature check, but it names the command
     * the first one did — id and content — so the write side answers it with the first result instead of doing it
     * twice; the room a replayed /meet opens is the first one's too. The outbox keeps a command once: a replay that
     * arrives while the first is still there is the same row, one that arrives after it was published goes out again
     * under the same id.
     */
    @Test
    void aReplayedSlashCommandNamesTheSameCommandAndTheSameRoom() throws Exception {
        bind("replayed", "C0REPLAY");
        String run = SlackRequests.form(SlackRequests.slashCommand("/enclave", "run report", "U0ALICE", "C0REPLAY",
                "replayed", slack.newResponseUrl()));
        String meet = SlackRequests.form(SlackRequests.slashCommand("/meet",
                "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"replay planning\"", "U0ALICE", "C0REPLAY",
                "replayed", slack.newResponseUrl()));
        Instant at = Instant.now().minusSeconds(60);

        for (int i = 0; i < 2; i++) {
            assertThat(requests.signedAt(run, FORM, at, Map.of()).statusCode()).isEqualTo(200);
            assertThat(requests.signedAt(meet, FORM, at, Map.of()).statusCode()).isEqualTo(200);
        }
        // and once more, signed a second later: a new request, a new command — sent once the first is on Kafka,
        // since the gateway promises no order among requests it handles at the same time
        await().atMost(PATIENCE).until(() -> !forEnclave("replayed").isEmpty());
        String first = forEnclave("replayed").get(0).path("commandId").asText();
        assertThat(requests.signedAt(run, FORM, at.plusSeconds(1), Map.of()).statusCode()).isEqualTo(200);

        await().atMost(PATIENCE).until(() -> forEnclave("replayed").stream().map(e -> e.path("commandId").asText())
                .distinct().count() >= 2 && !kafka.envelopes("CreateCoordination").isEmpty());
        List<JsonNode> runs = forEnclave("replayed");
        // the first and its replay: one command, published once or twice
        List<JsonNode> replays = runs.stream().filter(e -> e.path("commandId").asText().equals(first)).toList();
        assertThat(replays).hasSizeBetween(1, 2)
                .allSatisfy(e -> assertThat(e.path("payload")).isEqualTo(replays.get(0).path("payload")));
        // the later request: a command of its own
        assertThat(runs).extracting(e -> e.path("commandId").asText()).filteredOn(id -> !id.equals(first)).hasSize(1);
        List<JsonNode> rooms = kafka.envelopes("CreateCoordination");
        assertThat(rooms).extracting(e -> e.path("commandId").asText()).containsOnly(rooms.get(0).path("commandId").asText());
        assertThat(rooms).extracting(e -> e.path("payload").path("coordinationId").asText())
                .containsOnly(rooms.get(0).path("payload").path("coordinationId").asText());
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

    @Test
    void anOperatorsOverrideIsToldToTheChannelAndToTheOwnerWithTheirReasonShownAsTyped() throws Exception {
        bind("glass", "C0GLASS");

        kafka.event(topics.enclaveEvents(), "glass", 3, new EnclaveAccessOverridden(EnclaveId.of("glass"),
                UserId.of("U0OPS"), "enclavectl", "FreezeEnclave", "U0OPS may not freeze or unfreeze it",
                "incident 42 <!channel> <https://evil.example|login>", UserId.of("U0ALICE"), Instant.now()));

        await().atMost(PATIENCE).until(() -> posted("C0GLASS").size() == 1 && posted("U0ALICE").size() == 1);
        for (SlackStandIn.Call post : List.of(posted("C0GLASS").get(0), posted("U0ALICE").get(0))) {
            assertThat(post.param("text")).contains("Operator <@U0OPS> (through enclavectl) overrode the rules of "
                            + "enclave *glass* to FreezeEnclave")
                    .contains("incident 42 &lt;!channel&gt; &lt;https://evil.example|login&gt;")
                    .doesNotContain("<!channel>");
            assertThat(post.param("blocks")).contains("\"action_id\":\"why\"").contains("glass 3");
        }
    }

    @Test
    void aDriftIsToldToTheChannelAtOnceWithWhoChangedItShownAsTyped() throws Exception {
        bind("drifted", "C0DRIFTED");

        kafka.event(topics.enclaveEvents(), "drifted", 1, new DriftRepaired(EnclaveId.of("drifted"), "ResourceQuota",
                "enclave-quota", "changed: spec.hard.pods 99→20", "kubectl-edit <!channel>", Instant.now()));

        await().atMost(PATIENCE).until(() -> posted("C0DRIFTED").size() == 1);
        SlackStandIn.Call post = posted("C0DRIFTED").get(0);
        assertThat(post.param("text")).isEqualTo(":hammer_and_wrench: Enclave *drifted* drifted from its history: "
                + "ResourceQuota `enclave-quota` was changed by kubectl-edit &lt;!channel&gt; (spec.hard.pods 99→20, "
                + "found → restored): put back.");
        assertThat(post.param("blocks")).contains("\"action_id\":\"why\"").contains("drifted 1");
    }

    @Test
    void twentyDriftsWithinTheWindowAreOneNoticeAndOneSummaryOnceItHasPassed() throws Exception {
        bind("churned", "C0CHURNED");
        Instant first = Instant.now();
        for (int i = 1; i <= 20; i++) {
            kafka.event(topics.enclaveEvents(), "churned", i, new DriftRepaired(EnclaveId.of("churned"),
                    "NetworkPolicy", "policy-" + i, "missing", null, first.plusSeconds(i - 1)));
        }
        DriftNotices drift = gateway.getBean(DriftNotices.class);

        await().atMost(PATIENCE).until(() -> drift.pendingOf("churned") == 19);
        assertThat(posted("C0CHURNED")).singleElement().satisfies(post -> assertThat(post.param("text"))
                .endsWith("NetworkPolicy `policy-1` was deleted by someone the API server does not name: put back."));

        drift.flush(first.plus(Duration.ofMinutes(10)).minusSeconds(1));
        assertThat(posted("C0CHURNED")).hasSize(1);

        drift.flush(first.plus(Duration.ofMinutes(10)));
        drift.flush(first.plus(Duration.ofMinutes(30)));
        assertThat(posted("C0CHURNED")).hasSize(2);
        SlackStandIn.Call summary = posted("C0CHURNED").get(1);
        assertThat(summary.param("text"))
                .startsWith(":hammer_and_wrench: Enclave *churned* drifted from its history 19 times since its last "
                        + "drift notice:\n• NetworkPolicy `policy-2` was deleted")
                .contains("`policy-11`").doesNotContain("`policy-12`")
                .endsWith("• … and 9 more: the enclave's history lists them all");
        assertThat(summary.param("blocks")).contains("churned 20");
        assertThat(drift.pendingOf("churned")).isZero();
    }

    /** Windows are sealed to the room's key or not sent at all: a room the gateway knows no key of gets nothing. */
    @Test
    void windowsForARoomWithoutAKeyAreNotSentInClear() throws Exception {
        CoordinationId room = CoordinationId.random();
        long nine = Instant.parse("2026-12-01T09:00:00Z").getEpochSecond();
        HttpResponse<String> answer = requests.signed(SlackRequests.viewSubmission("submit_windows", room.value(), "U0BOB",
                "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + nine + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + (nine + 7200) + "}}}"), FORM);
        JsonNode errors = EnclaveJson.mapper().readTree(answer.body());
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("window_1_start").asText()).contains("no key to seal your windows to");
        assertThat(kafka.envelopes("SubmitWindows")).noneMatch(e -> e.path("payload").path("coordinationId").asText()
                .equals(room.value()));

        // nor is another time for a proposal of it
        HttpResponse<String> counter = requests.signed(SlackRequests.viewSubmission("counter_slot", room.value() + " 1",
                "U0BOB", pickedTime(nine, nine + 1800)), FORM);
        JsonNode counterErrors = EnclaveJson.mapper().readTree(counter.body());
        assertThat(counterErrors.path("response_action").asText()).isEqualTo("errors");
        assertThat(counterErrors.path("errors").path("window_1_start").asText()).contains("no key to seal your time to");
        assertThat(forRoom(room)).isEmpty();
    }

    @Test
    void anOpenRoomAsksEachParticipantForWindowsAndTheModalBecomesSubmitWindowsSealedToTheRoom() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        kafka.event(topics.coordinationEvents(), room.value(), 0, new CoordinationCreated(room,
                CoordinationType.MEETING_SYNC, new Purpose("design review"), UserId.of("U0ALICE"),
                List.of(UserId.of("U0ALICE"), UserId.of("U0BOB"), UserId.of("U0CAROL")), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.now(), Instant.now().plus(Duration.ofDays(2))), Instant.now().plus(Duration.ofDays(2)),
                null, Instant.now(), new RoomPublicKey(roomKey.publicKey())));
        kafka.event(topics.coordinationEvents(), room.value(), 1, new CoordinationOpened(room, Instant.now(),
                new RoomPublicKey(roomKey.publicKey())));

        await().atMost(PATIENCE).until(() -> slack.calls("chat.postMessage").stream()
                .filter(c -> c.param("text").contains("\"design review\" from <@U0ALICE> is open")).count() == 3);
        assertThat(slack.calls("chat.postMessage").stream().filter(c -> c.param("text").contains("design review"))
                .map(c -> c.param("channel"))).containsExactlyInAnyOrder("U0ALICE", "U0BOB", "U0CAROL");

        // Bob presses "Share availability": the modal opens, for this room.
        requests.signed(SlackRequests.blockAction("share_windows", room.value(), "U0BOB", "D0BOB", slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> slack.calls("views.open").stream()
                .anyMatch(c -> c.param("view").contains("\"callback_id\":\"submit_windows\"")));
        JsonNode view = EnclaveJson.mapper().readTree(slack.calls("views.open").stream()
                .filter(c -> c.param("view").contains("\"callback_id\":\"submit_windows\"")).findFirst().orElseThrow()
                .param("view"));
        assertThat(view.path("callback_id").asText()).isEqualTo("submit_windows");
        assertThat(view.path("private_metadata").asText()).isEqualTo(room.value());

        // An end before its start is shown next to the field, in the modal; nothing is sent.
        long nine = Instant.parse("2026-12-01T09:00:00Z").getEpochSecond();
        HttpResponse<String> invalid = requests.signed(SlackRequests.viewSubmission("submit_windows", room.value(), "U0BOB",
                "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + nine + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + (nine - 600) + "}}}"), FORM);
        JsonNode errors = EnclaveJson.mapper().readTree(invalid.body());
        assertThat(errors.path("response_action").asText()).isEqualTo("errors");
        assertThat(errors.path("errors").path("window_1_end").asText()).isEqualTo("A window ends after it starts.");

        HttpResponse<String> valid = requests.signed(SlackRequests.viewSubmission("submit_windows", room.value(), "U0BOB",
                "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + nine + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + (nine + 7200) + "}},"
                + "\"window_1_confidence\":{\"value\":{\"type\":\"static_select\",\"selected_option\":{\"value\":\"medium\"}}}}"), FORM);
        assertThat(valid.statusCode()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> kafka.envelopes("SubmitWindows").stream()
                .anyMatch(e -> e.path("payload").path("coordinationId").asText().equals(room.value())));
        JsonNode submit = kafka.envelopes("SubmitWindows").stream()
                .filter(e -> e.path("payload").path("coordinationId").asText().equals(room.value())).findFirst().orElseThrow();
        assertThat(submit.path("actor").asText()).isEqualTo("U0BOB");
        // the windows left the gateway sealed to the room's key: only its private half opens them
        assertThat(submit.path("payload").path("windows").isTextual()).isTrue();
        assertThat(submit.toString()).doesNotContain("2026-12-01", Long.toString(nine), "medium");
        assertThat(RoomSeals.openWindows(roomKey, room, UserId.of("U0BOB"),
                new SealedWindows(submit.path("payload").path("windows").asText())))
                .containsExactly(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
                        Instant.parse("2026-12-01T11:00:00Z"), Confidence.MEDIUM));

        // The result has no response_url to go to: it comes as a direct message.
        kafka.result(CommandResult.accepted(UUID.fromString(submit.path("commandId").asText()), room.value(), Instant.now()));
        await().atMost(PATIENCE).until(() -> slack.calls("chat.postMessage").stream()
                .anyMatch(c -> "U0BOB".equals(c.param("channel")) && c.param("text").contains("window(s) are shared")));
    }

    @Test
    void approveDeclineAndAcceptButtonsBecomeCommandsOfTheClickingPerson() throws Exception {
        CoordinationId room = CoordinationId.random();
        requests.signed(SlackRequests.blockAction("approve_participation", room.value(), "U0CAROL", "D0CAROL",
                slack.newResponseUrl()), FORM);
        requests.signed(SlackRequests.blockAction("accept_slot", room.value() + " 2", "U0CAROL", "D0CAROL",
                slack.newResponseUrl()), FORM);
        requests.signed(SlackRequests.blockAction("decline_participation", room.value(), "U0DAN", "D0DAN",
                slack.newResponseUrl()), FORM);

        await().atMost(PATIENCE).until(() -> forRoom(room).size() == 3);
        // three clicks are three requests: the gateway promises no order among them
        assertThat(forRoom(room)).extracting(e -> e.path("type").asText() + " by " + e.path("actor").asText())
                .containsExactlyInAnyOrder("ApproveParticipation by U0CAROL", "AcceptSlot by U0CAROL",
                        "DeclineParticipation by U0DAN");
        // a proposal is accepted by its number: no time goes with it
        JsonNode accept = forRoom(room).stream().filter(e -> e.path("type").asText().equals("AcceptSlot"))
                .findFirst().orElseThrow().path("payload");
        assertThat(accept.path("proposal").asInt()).isEqualTo(2);
        assertThat(accept.has("slot")).isFalse();
        // A direct message is no channel: the envelopes carry none.
        assertThat(forRoom(room)).allSatisfy(e -> assertThat(e.path("channelId").isNull()).isTrue());
    }

    /**
     * The events hold proposals sealed and numbered: each participant is shown the times coordination-service opens for
     * them (asked with a token that names them), and what goes back — buttons, modals, commands — names numbers only.
     * Another time is sealed to the room's key before it leaves the gateway, and the others hear of it.
     */
    @Test
    void proposalsAreShownWithTheTimesOpenedForEachParticipantAndComeBackAsNumbersOnly() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "numbered sync");
        TimeWindow first = slot("2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z", Confidence.HIGH);
        TimeWindow second = slot("2026-12-02T10:00:00Z", "2026-12-02T10:30:00Z", Confidence.MEDIUM);
        // current too, but not one of this event's: not shown with it
        TimeWindow third = slot("2026-12-02T16:00:00Z", "2026-12-02T16:30:00Z", Confidence.LOW);
        coordination.answer(room, 200, proposals(room, Map.of(1, first, 2, second, 3, third)));

        kafka.event(topics.coordinationEvents(), room.value(), 2, new SlotsProposed(room,
                List.of(proposal(roomKey, room, 1, first), proposal(roomKey, room, 2, second)), Instant.now()));

        await().atMost(PATIENCE).until(() -> PEOPLE.stream().allMatch(p -> !dms(p, "numbered sync", "the best times").isEmpty()));
        for (String person : PEOPLE) {
            SlackStandIn.Call notice = dms(person, "numbered sync", "the best times").get(0);
            assertThat(shown(notice)).contains("<!date^" + first.start().getEpochSecond() + "^")
                    .contains("<!date^" + second.start().getEpochSecond() + "^").contains("medium confidence")
                    .doesNotContain(Long.toString(third.start().getEpochSecond()));
            assertThat(buttons(notice)).extracting(b -> b.path("action_id").asText() + " " + b.path("value").asText())
                    .containsExactly("accept_slot " + room + " 1", "acknowledge_windows " + room + " 1",
                            "counter_slot_open " + room + " 1", "accept_slot " + room + " 2",
                            "acknowledge_windows " + room + " 2", "counter_slot_open " + room + " 2");
        }
        // asked once per participant, each time as that participant
        assertThat(coordination.requests(room)).extracting(CoordinationStandIn.Request::subject)
                .containsExactlyInAnyOrderElementsOf(PEOPLE);

        // Ben wants another time instead of proposal 1: the modal is for proposal 1 of this room, and nothing more
        requests.signed(SlackRequests.blockAction("counter_slot_open", room + " 1", "U0BEN", "D0BEN",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> slack.calls("views.open").stream()
                .anyMatch(c -> c.param("view").contains(room + " 1")));
        JsonNode modal = EnclaveJson.mapper().readTree(slack.calls("views.open").stream()
                .filter(c -> c.param("view").contains(room + " 1")).findFirst().orElseThrow().param("view"));
        assertThat(modal.path("callback_id").asText()).isEqualTo("counter_slot");
        assertThat(modal.path("private_metadata").asText()).isEqualTo(room + " 1");

        TimeWindow other = new TimeWindow(Instant.parse("2026-12-02T13:00:00Z"), Instant.parse("2026-12-02T13:30:00Z"));
        HttpResponse<String> submitted = requests.signed(SlackRequests.viewSubmission("counter_slot", room + " 1", "U0BEN",
                pickedTime(other.start().getEpochSecond(), other.end().getEpochSecond())), FORM);
        assertThat(submitted.statusCode()).isEqualTo(200);
        assertThat(submitted.body()).doesNotContain("errors");
        await().atMost(PATIENCE).until(() -> !forRoom(room, "CounterSlot").isEmpty());
        JsonNode counter = forRoom(room, "CounterSlot").get(0);
        assertThat(counter.path("actor").asText()).isEqualTo("U0BEN");
        assertThat(counter.path("payload").path("rejected").asInt()).isEqualTo(1);
        assertNoTimeIn(counter, other);
        // sealed to the room's key as Ben's: only the room's private half opens it, and only as his
        assertThat(RoomSeals.openSlot(roomKey, room, UserId.of("U0BEN"),
                new SealedSlot(counter.path("payload").path("alternative").asText()))).isEqualTo(other);

        // coordination-service takes it as proposal 4: Anna and Cleo are offered it, Ben (who made it) is not
        coordination.answer(room, 200, proposals(room, Map.of(2, second, 3, third, 4, other)));
        kafka.event(topics.coordinationEvents(), room.value(), 3, new SlotCountered(room, UserId.of("U0BEN"), 1,
                proposal(roomKey, room, 4, other), Instant.now()));
        await().atMost(PATIENCE).until(() -> !dms("U0ANNA", "numbered sync", "cannot make proposal 1").isEmpty()
                && !dms("U0CLEO", "numbered sync", "cannot make proposal 1").isEmpty());
        for (String person : List.of("U0ANNA", "U0CLEO")) {
            SlackStandIn.Call notice = dms(person, "numbered sync", "cannot make proposal 1").get(0);
            assertThat(notice.param("text")).contains("<@U0BEN>");
            assertThat(shown(notice)).contains("<!date^" + other.start().getEpochSecond() + "^");
            assertThat(buttons(notice)).extracting(b -> b.path("value").asText())
                    .containsExactly(room + " 4", room + " 4", room + " 4");
        }

        // Anna accepts it, by its number
        requests.signed(SlackRequests.blockAction("accept_slot", room + " 4", "U0ANNA", "D0ANNA",
                slack.newResponseUrl()), FORM);
        await().atMost(PATIENCE).until(() -> !forRoom(room, "AcceptSlot").isEmpty());
        JsonNode accept = forRoom(room, "AcceptSlot").get(0);
        assertThat(accept.path("actor").asText()).isEqualTo("U0ANNA");
        assertThat(accept.path("payload").path("proposal").asInt()).isEqualTo(4);
        assertNoTimeIn(accept, other);

        // Cleo proposes a time of her own: the other two are offered it
        TimeWindow cleos = slot("2026-12-03T08:00:00Z", "2026-12-03T08:30:00Z", Confidence.HIGH);
        coordination.answer(room, 200, proposals(room, Map.of(2, second, 3, third, 4, other, 5, cleos)));
        kafka.event(topics.coordinationEvents(), room.value(), 4, new SlotProposed(room, UserId.of("U0CLEO"),
                proposal(roomKey, room, 5, cleos), Instant.now()));
        await().atMost(PATIENCE).until(() -> !dms("U0ANNA", "numbered sync", "<@U0CLEO> proposes").isEmpty()
                && !dms("U0BEN", "numbered sync", "<@U0CLEO> proposes").isEmpty());
        assertThat(buttons(dms("U0BEN", "numbered sync", "<@U0CLEO> proposes").get(0)))
                .extracting(b -> b.path("value").asText()).containsExactly(room + " 5", room + " 5", room + " 5");
        assertThat(dms("U0CLEO", "numbered sync", "<@U0CLEO> proposes")).isEmpty();
        assertThat(dms("U0BEN", "numbered sync", "cannot make proposal")).isEmpty();

        // no button the gateway ever posted carries more than a room and a number (or an id)
        for (SlackStandIn.Call post : slack.calls("chat.postMessage")) {
            for (JsonNode button : buttons(post)) {
                if (button.path("action_id").asText().matches("accept_slot|counter_slot_open")) {
                    assertThat(button.path("value").asText()).matches("room-[0-9a-f-]{36} [1-9][0-9]*");
                }
            }
        }
    }

    /** A room that is no longer open when the notice is made (409) offers nothing: nobody is posted its proposals. */
    @Test
    void proposalsOfARoomNoLongerOpenAreNotPosted() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "closed sync");
        coordination.answer(room, 409, "{\"title\":\"Room not open\"}");
        TimeWindow slot = slot("2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z", Confidence.HIGH);

        kafka.event(topics.coordinationEvents(), room.value(), 2, new SlotsProposed(room,
                List.of(proposal(roomKey, room, 1, slot)), Instant.now()));
        // the room's next event, on the same partition: once it is told, the proposals' turn has passed
        kafka.event(topics.coordinationEvents(), room.value(), 3, new CoordinationExpired(room, Instant.now()));

        await().atMost(PATIENCE).until(() -> PEOPLE.stream().allMatch(p -> !dms(p, "closed sync", "expired").isEmpty()));
        assertThat(coordination.requests(room)).hasSize(PEOPLE.size());
        for (String person : PEOPLE) {
            assertThat(dms(person, "closed sync", "the best times")).isEmpty();
        }
    }

    /**
     * coordination-service unreachable: the event's handling fails and is tried again, as a notice Slack failed is;
     * once it answers, each participant gets the notice once.
     */
    @Test
    void proposalsAreOfferedOnceCoordinationServiceAnswersAgain() throws Exception {
        CoordinationId room = CoordinationId.random();
        RoomSeals.RoomKeyPair roomKey = RoomSeals.generate();
        openRoom(room, roomKey, "flaky sync");
        TimeWindow slot = slot("2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z", Confidence.HIGH);
        coordination.answer(room, 200, proposals(room, Map.of(1, slot)));
        coordination.drop(room, 3);

        kafka.event(topics.coordinationEvents(), room.value(), 2, new SlotsProposed(room,
                List.of(proposal(roomKey, room, 1, slot)), Instant.now()));

        await().atMost(PATIENCE).until(() -> PEOPLE.stream().allMatch(p -> !dms(p, "flaky sync", "the best times").isEmpty()));
        assertThat(coordination.requests(room).size()).isGreaterThan(PEOPLE.size() + 2);
        for (String person : PEOPLE) {
            assertThat(dms(person, "flaky sync", "the best times")).hasSize(1);
        }
    }

    private static final List<String> PEOPLE = List.of("U0ANNA", "U0BEN", "U0CLEO");

    /** A room of Anna's with Ben and Cleo, as the gateway's directory learns it (its purpose names it in messages). */
    private static void openRoom(CoordinationId room, RoomSeals.RoomKeyPair roomKey, String purpose) throws Exception {
        kafka.event(topics.coordinationEvents(), room.value(), 0, new CoordinationCreated(room,
                CoordinationType.MEETING_SYNC, new Purpose(purpose), UserId.of("U0ANNA"),
                List.of(UserId.of("U0ANNA"), UserId.of("U0BEN"), UserId.of("U0CLEO")), MeetingDuration.ofMinutes(30),
                new SearchRange(Instant.now(), Instant.now().plus(Duration.ofDays(2))), Instant.now().plus(Duration.ofDays(2)),
                null, Instant.now(), new RoomPublicKey(roomKey.publicKey())));
        ChannelDirectory directory = gateway.getBean(ChannelDirectory.class);
        await().atMost(PATIENCE).until(() -> directory.room(room.value()).isPresent());
    }

    private static TimeWindow slot(String start, String end, Confidence confidence) {
        return new TimeWindow(Instant.parse(start), Instant.parse(end), confidence);
    }

    /** A proposal as coordination-service records it: numbered, sealed to the room's key with its number bound in. */
    private static Proposal proposal(RoomSeals.RoomKeyPair roomKey, CoordinationId room, int number, TimeWindow slot) {
        return new Proposal(number, RoomSeals.sealProposal(roomKey.publicKey(), room, number, slot));
    }

    /** coordination-service's answer to {@code GET /internal/rooms/{room}/proposals} (docs/coordination.md). */
    private static String proposals(CoordinationId room, Map<Integer, TimeWindow> current) throws Exception {
        var answer = EnclaveJson.mapper().createObjectNode().put("room", room.value());
        var list = answer.putArray("proposals");
        new java.util.TreeMap<>(current).forEach((number, slot) -> {
            var proposal = list.addObject().put("number", number);
            proposal.set("slot", EnclaveJson.mapper().valueToTree(slot));
            proposal.putNull("proposedBy");
            proposal.putArray("acceptedBy");
            proposal.putArray("acknowledgedBy");
        });
        return EnclaveJson.mapper().writeValueAsString(answer);
    }

    /** The state of the counter modal as Slack sends it: one time picked. */
    private static String pickedTime(long from, long until) {
        return "{\"window_1_start\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + from + "}},"
                + "\"window_1_end\":{\"value\":{\"type\":\"datetimepicker\",\"selected_date_time\":" + until + "}}}";
    }

    /** The time in none of its encodings: ISO text, epoch seconds, epoch millis. */
    private static void assertNoTimeIn(JsonNode envelope, TimeWindow slot) {
        for (Instant at : List.of(slot.start(), slot.end())) {
            assertThat(envelope.toString()).doesNotContain(at.toString().substring(0, 16),
                    Long.toString(at.getEpochSecond()), Long.toString(at.toEpochMilli()));
        }
    }

    /** Direct messages to {@code person} about the room of {@code purpose} whose text contains {@code words}. */
    private static List<SlackStandIn.Call> dms(String person, String purpose, String words) {
        return posted(person).stream().filter(c -> c.param("text").contains(purpose) && c.param("text").contains(words))
                .toList();
    }

    /** The text of a message's sections, as people read it. */
    private static String shown(SlackStandIn.Call message) throws Exception {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            text.append(block.path("text").path("text").asText()).append('\n');
        }
        return text.toString();
    }

    private static List<JsonNode> buttons(SlackStandIn.Call message) throws Exception {
        List<JsonNode> buttons = new ArrayList<>();
        if (message.param("blocks") == null) {
            return buttons;
        }
        for (JsonNode block : EnclaveJson.mapper().readTree(message.param("blocks"))) {
            for (JsonNode element : block.path("elements")) {
                if ("button".equals(element.path("type").asText())) {
                    buttons.add(element);
                }
            }
        }
        return buttons;
    }

    private static List<JsonNode> forRoom(CoordinationId room, String type) {
        return forRoom(room).stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    @Test
    void oldNewsTeachesTheDirectoryButIsNotAnnounced() throws Exception {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        kafka.event(topics.enclaveEvents(), "stale", 0, new EnclaveProvisioningStarted(EnclaveId.of("stale"),
                new ChannelRef(ChannelId.of("C0STALE"), "stale"), UserId.of("U0ALICE"), QuotaPreset.DEFAULT,
                Mode.DEFAULT, "enclave-stale", anHourAgo), anHourAgo);
        kafka.event(topics.enclaveEvents(), "stale", 1, new EnclaveActivated(EnclaveId.of("stale"), "enclave-stale",
                anHourAgo), anHourAgo);
        // Fresh news of the same enclave, on the same partition, after the old.
        kafka.event(topics.enclaveEvents(), "stale", 2, new EnclaveFrozen(EnclaveId.of("stale"),
                FreezeReason.OWNER_REQUEST, Instant.now()));

        await().atMost(PATIENCE).until(() -> !posted("C0STALE").isEmpty());
        assertThat(posted("C0STALE")).singleElement()
                .satisfies(post -> assertThat(post.param("text")).contains("is frozen (by its owner)"));
        assertThat(gateway.getBean(ChannelDirectory.class).enclaveOf("C0STALE")).hasValue("stale");
    }

    @Test
    void aPersonWhoJoinsTheChannelSignsInWithSlackAndBecomesAMember() throws Exception {
        bind("joined", "C0JOINED");
        requests.signed(SlackRequests.event("Ev0JOIN1", "{\"type\":\"member_joined_channel\",\"user\":\"U0DAVE\","
                + "\"channel\":\"C0JOINED\",\"channel_type\":\"C\",\"team\":\"T0LOCAL\",\"event_ts\":\"1.0\"}"), JSON);
        await().atMost(PATIENCE).until(() -> !prompts("U0DAVE").isEmpty());
        SlackStandIn.Call prompt = prompts("U0DAVE").get(0);
        assertThat(prompt.param("channel")).isEqualTo("C0JOINED");
        JsonNode button = EnclaveJson.mapper().readTree(prompt.param("blocks")).get(1).path("elements").get(0);
        URI signIn = URI.create(button.path("url").asText());
        assertThat(signIn.getPath()).isEqualTo("/slack/sign-in");

        // The browser follows the link: off to Slack, with Spring's state and nonce, our client id, and a cookie
        // holding the sign-in until Slack sends the browser back.
        HttpResponse<String> toSlack = browser(signIn.toString(), null);
        assertThat(toSlack.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toSlack.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getHost()).isEqualTo("slack.example");
        Map<String, String> query = query(authorize);
        assertThat(query).containsEntry("client_id", CLIENT_ID).containsEntry("scope", "openid")
                .containsEntry("redirect_uri", "http://localhost:8084/slack/sign-in/callback").containsKey("nonce");
        String state = query.get("state");
        String cookie = toSlack.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        // Someone else's ID token on Dave's link: refused, nothing sent.
        slack.answer("openid.connect.token", call -> idTokenAnswer("U0EVE", query.get("nonce")));
        assertThat(browser(callback("code-eve", state), cookie).statusCode()).isEqualTo(403);
        // The sign-in is over (its cookie was cleared): the same callback again is refused before Slack is asked.
        assertThat(browser(callback("code-x", state), null).statusCode()).isEqualTo(400);

        // Dave follows the link again; Slack vouches for him (signature, issuer, audience, nonce check out).
        HttpResponse<String> again = browser(signIn.toString(), null);
        Map<String, String> asked = query(URI.create(again.headers().firstValue("Location").orElseThrow()));
        slack.answer("openid.connect.token", call -> idTokenAnswer("U0DAVE", asked.get("nonce")));
        HttpResponse<String> done = browser(callback("code-dave", asked.get("state")),
                again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("member of joined");
        assertThat(slack.calls("openid.connect.token")).extracting(call -> call.param("code"))
                .containsExactly("code-eve", "code-dave");
        await().atMost(PATIENCE).until(() -> !forEnclave("joined").isEmpty());
        assertThat(forEnclave("joined")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("type").asText()).isEqualTo("RegisterMember");
            assertThat(envelope.path("actor").asText()).isEqualTo("U0DAVE");
            assertThat(envelope.path("payload").path("member").asText()).isEqualTo("U0DAVE");
            assertThat(envelope.path("channelId").asText()).isEqualTo("C0JOINED");
        });
    }

    @Test
    void aRetriedJoinEventPromptsOnce() throws Exception {
        bind("prompted", "C0PROMPT");
        String joined = SlackRequests.event("Ev0JOIN2", "{\"type\":\"member_joined_channel\",\"user\":\"U0ERIN\","
                + "\"channel\":\"C0PROMPT\",\"event_ts\":\"1.0\"}");
        requests.signed(joined, JSON);
        requests.signedAt(joined, JSON, Instant.now(), Map.of("X-Slack-Retry-Num", "1"));
        requests.signed(SlackRequests.event("Ev0JOIN3", "{\"type\":\"member_joined_channel\",\"user\":\"U0FRANK\","
                + "\"channel\":\"C0PROMPT\",\"event_ts\":\"2.0\"}"), JSON);

        await().atMost(PATIENCE).until(() -> !prompts("U0FRANK").isEmpty());
        assertThat(prompts("U0ERIN")).hasSize(1);
    }

    private static List<SlackStandIn.Call> prompts(String user) {
        return slack.calls("chat.postEphemeral").stream().filter(c -> user.equals(c.param("user"))).toList();
    }

    private static String callback(String code, String state) {
        return "http://127.0.0.1:" + port + "/slack/sign-in/callback?code=" + code + "&state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> browser(String url) throws Exception {
        return browser(url, null);
    }

    /** A GET as a browser sends it, with the cookie it holds for this gateway (or none). */
    private static HttpResponse<String> browser(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url
                .replace("http://localhost:8084", "http://127.0.0.1:" + port))).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    /** What Slack's openid.connect.token answers: an ID token signed with Slack's key. */
    private static String idTokenAnswer(String user, String nonce) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://slack.com").audience(CLIENT_ID)
                    .subject(user).claim("https://slack.com/user_id", user).claim("https://slack.com/team_id", "T0LOCAL")
                    .claim("nonce", nonce).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(SLACK_KEY.getKeyID()).build(), claims);
            token.sign(new RSASSASigner(SLACK_KEY));
            return "{\"ok\":true,\"access_token\":\"xoxp-x\",\"token_type\":\"Bearer\",\"id_token\":\"" + token.serialize() + "\"}";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey slackKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("slack-test").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    private static List<JsonNode> forRoom(CoordinationId room) {
        return kafka.envelopes().stream()
                .filter(e -> room.value().equals(e.path("payload").path("coordinationId").asText())).toList();
    }

    private static List<JsonNode> forEnclave(String enclave) {
        return kafka.envelopes().stream()
                .filter(e -> enclave.equals(e.path("payload").path("enclaveId").asText())).toList();
    }
}
