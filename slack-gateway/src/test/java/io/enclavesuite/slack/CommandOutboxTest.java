package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing the gateway acknowledges is lost (issue 30, fault scenario 7): each command is in the outbox table before
 * Slack gets its 200, so a gateway that dies right after acknowledging leaves its commands to the next one, and
 * gateways sharing the table publish each row once.
 */
class CommandOutboxTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static SlackStandIn slack;
    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();
    private KafkaSide kafka;

    @BeforeAll
    static void startSlack() {
        slack = SlackStandIn.start();
    }

    @AfterEach
    void stopGateways() {
        if (kafka != null) {
            kafka.close();
        }
        gateways.forEach(ConfigurableApplicationContext::close);
    }

    @AfterAll
    static void stopSlack() {
        if (slack != null) {
            slack.close();
        }
    }

    /**
     * The first gateway's relay is disabled ({@code enclave.slack.outbox.relay-enabled=false}): it stores and
     * acknowledges, and publishes nothing — the state {@code kill -9} right after the acknowledgements leaves behind,
     * since each row was committed before its 200 and nothing the process held in memory is needed to publish it.
     * Ten of the rows are left as a relay leaves them when it dies mid-publish: claimed, under a lease. A new gateway
     * over the same database publishes the 90 at once and the ten when the lease has run out; each of the 100 goes on
     * the topic once, the table ends empty, and an answer still reaches its request's response_url.
     */
    @Test
    void aGatewayKilledRightAfterAcknowledging100CommandsHasAllOfThemPublishedAfterTheRestart() throws Exception {
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        String database = TestInfrastructure.get().newDatabase();
        ConfigurableApplicationContext first = gateway(prefix, database, "--enclave.slack.outbox.relay-enabled=false");
        SlackRequests requests = requestsTo(first);
        Map<String, String> responseUrls = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            String purpose = "survivor " + i;
            String url = slack.newResponseUrl();
            responseUrls.put(purpose, url);
            HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                    "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"" + purpose + "\"", "U0ALICE", "C0SURVIVE", "survive", url)),
                    FORM);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.body()).contains("Opening a meeting sync").contains(purpose);
        }
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        List<UUID> stored = jdbc.queryForList("select command_id from command_outbox", UUID.class);
        assertThat(stored).hasSize(100).doesNotHaveDuplicates();
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), new TopicNames(prefix));
        assertThat(kafka.published()).isZero();
        Instant leaseEnds = Instant.now().plusSeconds(25);
        assertThat(jdbc.update("update command_outbox set next_attempt_at = ?, lease_token = ? where command_id in "
                + "(select command_id from command_outbox order by accepted_at limit 10)",
                java.sql.Timestamp.from(leaseEnds), UUID.randomUUID())).isEqualTo(10);
        List<UUID> leased = jdbc.queryForList("select command_id from command_outbox where lease_token is not null",
                UUID.class);
        first.close();

        ConfigurableApplicationContext second = gateway(prefix, database);
        JdbcTemplate table = second.getBean(JdbcTemplate.class);
        await().atMost(PATIENCE).until(() -> outboxSize(table) <= 10);
        if (Instant.now().isBefore(leaseEnds.minusSeconds(2))) { // the restart took less than the lease
            assertThat(table.queryForList("select command_id from command_outbox", UUID.class))
                    .containsExactlyInAnyOrderElementsOf(leased);
            assertThat(kafka.published()).isEqualTo(90);
        }
        await().atMost(PATIENCE).until(() -> outboxSize(table) == 0);

        assertThat(kafka.published()).isEqualTo(100); // each once: every row was acknowledged by Kafka, then deleted
        await().atMost(PATIENCE).until(() -> kafka.envelopes("CreateCoordination").size() == 100);
        List<JsonNode> envelopes = kafka.envelopes("CreateCoordination");
        assertThat(envelopes).extracting(e -> UUID.fromString(e.path("commandId").asText()))
                .containsExactlyInAnyOrderElementsOf(stored);
        assertThat(envelopes).allSatisfy(e -> assertThat(e.path("actor").asText()).isEqualTo("U0ALICE"));

        // the first gateway acknowledged it; the second published it and expects its answer
        JsonNode one = envelopes.get(42);
        String url = responseUrls.get(one.path("payload").path("purpose").asText());
        kafka.result(CommandResult.accepted(UUID.fromString(one.path("commandId").asText()),
                one.path("payload").path("coordinationId").asText(), Instant.now()));
        await().atMost(PATIENCE).until(() -> !slack.responses(url).isEmpty());
        assertThat(slack.responses(url)).singleElement().satisfies(answer ->
                assertThat(answer.body()).contains(":white_check_mark: Done"));
    }

    /**
     * Three gateways on one table, as replicas: one only accepts (its relay is off), two publish. What the first
     * stores reaches the two only through their sweeps, which claim from the same rows at once (batches of five); what
     * each of the two stores itself wakes its own relay. Every command is on the topic once, and the two relays'
     * published counts add up to the number of commands: no row was published by both.
     */
    @Test
    void twoRelaysOnOneTablePublishEachCommandOnce() throws Exception {
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        String database = TestInfrastructure.get().newDatabase();
        ConfigurableApplicationContext accepting = gateway(prefix, database,
                "--enclave.slack.outbox.relay-enabled=false");
        String[] relayed = {"--enclave.slack.outbox.sweep-interval=PT0.2S", "--enclave.slack.outbox.batch-size=5"};
        ConfigurableApplicationContext left = gateway(prefix, database, relayed);
        ConfigurableApplicationContext right = gateway(prefix, database, relayed);
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), new TopicNames(prefix));
        List<SlackRequests> targets = List.of(requestsTo(accepting), requestsTo(accepting), requestsTo(accepting),
                requestsTo(left), requestsTo(right));
        int commands = 200;
        for (int i = 0; i < commands; i++) {
            HttpResponse<String> ack = targets.get(i % targets.size()).signed(SlackRequests.form(
                    SlackRequests.slashCommand("/meet", "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"replica " + i + "\"",
                            "U0ALICE", "C0REPLICAS", "replicas", slack.newResponseUrl())), FORM);
            assertThat(ack.statusCode()).isEqualTo(200);
        }

        JdbcTemplate table = accepting.getBean(JdbcTemplate.class);
        await().atMost(PATIENCE).until(() -> outboxSize(table) == 0);
        assertThat(kafka.published()).isEqualTo(commands);
        await().atMost(PATIENCE).until(() -> kafka.envelopes("CreateCoordination").size() == commands);
        assertThat(kafka.envelopes("CreateCoordination")).extracting(e -> e.path("commandId").asText())
                .doesNotHaveDuplicates();
        double byLeft = published(left);
        double byRight = published(right);
        assertThat(byLeft + byRight).isEqualTo(commands);
        assertThat(byLeft).isPositive();
        assertThat(byRight).isPositive();
        assertThat(published(accepting)).isZero();
    }

    /**
     * The relay publishes only rows the gateway wrote: a row whose actor was changed in the database (someone with
     * write access there, but not the signing secret) is dropped unpublished and counted; its untouched neighbour
     * goes out.
     */
    @Test
    void aRowChangedInTheDatabaseIsNotPublished() throws Exception {
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        String database = TestInfrastructure.get().newDatabase();
        ConfigurableApplicationContext accepting = gateway(prefix, database, "--enclave.slack.outbox.relay-enabled=false");
        for (String purpose : List.of("honest", "forged")) {
            assertThat(requestsTo(accepting).signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                    "<@U0BOB|bob> <@U0CAROL|carol> 30m within next 3 days \"" + purpose + "\"", "U0ALICE", "C0SEAL",
                    "seal", slack.newResponseUrl())), FORM).statusCode()).isEqualTo(200);
        }
        JdbcTemplate jdbc = accepting.getBean(JdbcTemplate.class);
        assertThat(jdbc.update("update command_outbox set actor = 'U0MALLORY' where payload like '%forged%'")).isOne();
        accepting.close();

        ConfigurableApplicationContext relaying = gateway(prefix, database);
        kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), new TopicNames(prefix));
        JdbcTemplate table = relaying.getBean(JdbcTemplate.class);
        await().atMost(PATIENCE).until(() -> outboxSize(table) == 0);
        assertThat(kafka.published()).isOne();
        await().atMost(PATIENCE).until(() -> !kafka.envelopes("CreateCoordination").isEmpty());
        assertThat(kafka.envelopes("CreateCoordination")).singleElement().satisfies(envelope -> {
            assertThat(envelope.path("actor").asText()).isEqualTo("U0ALICE");
            assertThat(envelope.path("payload").path("purpose").asText()).isEqualTo("honest");
        });
        assertThat(Search.in(relaying.getBean(MeterRegistry.class)).name("enclave.slack.commands")
                .tag("outcome", "refused").tag("type", "unverified").counter().count()).isOne();
    }

    /**
     * A provisioning is stored before its acknowledgement and held while Slack is asked who owns the channel. A hold
     * nobody settles in time — here Slack does not answer within hold-for; after a crash nobody is left to ask — is
     * dropped by the relay, and the person told nothing was sent; Slack's late answer then sends nothing either.
     */
    @Test
    void aProvisioningWhoseOwnerCheckDoesNotFinishIsDroppedAndThePersonTold() throws Exception {
        String prefix = TestInfrastructure.uniqueTopicPrefix();
        CountDownLatch slackAnswers = new CountDownLatch(1);
        slack.answer("conversations.info", call -> {
            try {
                slackAnswers.await(60, TimeUnit.SECONDS); // Slack, slow to say who owns the channel
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "{\"ok\":true,\"channel\":{\"id\":\"C0HELD\",\"name\":\"held\",\"is_channel\":true,"
                    + "\"creator\":\"U0ALICE\"}}";
        });
        try {
            ConfigurableApplicationContext gateway = gateway(prefix, TestInfrastructure.get().newDatabase(),
                    "--enclave.slack.outbox.hold-for=PT2S", "--enclave.slack.outbox.sweep-interval=PT0.2S");
            kafka = new KafkaSide(TestInfrastructure.get().kafkaBootstrapServers(), new TopicNames(prefix));
            String url = slack.newResponseUrl();
            HttpResponse<String> ack = requestsTo(gateway).signed(SlackRequests.form(SlackRequests.slashCommand(
                    "/enclave", "provision", "U0ALICE", "C0HELD", "held", url)), FORM);

            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.body()).contains("once Slack confirms you own the channel");
            JdbcTemplate table = gateway.getBean(JdbcTemplate.class);
            assertThat(table.queryForObject("select count(*) from command_outbox where held", Integer.class)).isOne();
            await().atMost(PATIENCE).until(() -> !slack.responses(url).isEmpty());
            assertThat(slack.responses(url)).singleElement().satisfies(told -> assertThat(told.body())
                    .contains("could not be checked in time").contains("nothing was sent"));
            assertThat(outboxSize(table)).isZero();

            slackAnswers.countDown(); // the owner, after all: too late, nothing goes out and nothing more is said
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> kafka.published() == 0 && slack.responses(url).size() == 1);
            assertThat(Search.in(gateway.getBean(MeterRegistry.class)).name("enclave.slack.commands")
                    .tag("outcome", "given_up").tag("type", "ProvisionEnclave").counter().count()).isOne();
        } finally {
            slackAnswers.countDown();
        }
    }

    private ConfigurableApplicationContext gateway(String prefix, String database, String... extra) {
        List<String> args = GatewayArguments.of(slack, prefix, database);
        args.addAll(List.of(extra));
        ConfigurableApplicationContext gateway = SlackGatewayApplication.application().run(args.toArray(String[]::new));
        gateways.add(gateway);
        return gateway;
    }

    private static SlackRequests requestsTo(ConfigurableApplicationContext gateway) {
        return new SlackRequests(((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
    }

    private static int outboxSize(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from command_outbox", Integer.class);
    }

    private static double published(ConfigurableApplicationContext gateway) {
        return Search.in(gateway.getBean(MeterRegistry.class)).name("enclave.slack.commands")
                .tag("outcome", "published").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
