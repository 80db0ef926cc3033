package io.enclavesuite.slack;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.enclavesuite.testsupport.SlackRequests.FORM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka away for a while, then back: the gateway acknowledges and keeps the commands, tells each person once that
 * theirs is kept (not at every failed attempt), and publishes them all when the broker answers again — no "not sent",
 * nothing left in the table. The broker is this test's own, started on the port the gateway was given, which a
 * listening socket that never answers held until then (as a broker that hangs rather than refuses).
 */
class OutboxRecoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static SlackStandIn slack;
    private static SilentServer brokerAway;
    private static EmbeddedKafkaKraftBroker broker;
    private static ConfigurableApplicationContext gateway;
    private static SlackRequests requests;
    private static String prefix;

    @BeforeAll
    static void start() {
        slack = SlackStandIn.start();
        brokerAway = SilentServer.start();
        prefix = TestInfrastructure.uniqueTopicPrefix();
        gateway = GatewayBeforeKafka.start(slack, brokerAway, prefix,
                "--enclave.slack.outbox.lease=PT6S", "--enclave.slack.outbox.max-retry-interval=PT2S");
        requests = GatewayBeforeKafka.requests(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (broker != null) {
            broker.destroy();
        }
        if (brokerAway != null) {
            brokerAway.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    @Test
    void commandsKeptWhileKafkaIsAwayArePublishedWhenItIsBackAndEachPersonToldOnce() throws Exception {
        List<String> urls = new ArrayList<>();
        for (String person : List.of("U0ANNA", "U0BEN", "U0CLEO")) {
            String url = slack.newResponseUrl();
            urls.add(url);
            HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/meet",
                    "policy level draft-only", person, "D0" + person.substring(3), "directmessage", url)), FORM);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.body()).contains("Changing your agent policy");
        }
        JdbcTemplate jdbc = gateway.getBean(JdbcTemplate.class);
        List<UUID> kept = jdbc.queryForList("select command_id from command_outbox", UUID.class);
        assertThat(kept).hasSize(3);

        // failing, again and again: each person hears once that theirs is kept
        await().atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "select count(*) from command_outbox where attempts >= 3", Integer.class) == 3);
        for (String url : urls) {
            assertThat(slack.responses(url)).singleElement().satisfies(told -> assertThat(GatewayBeforeKafka.text(told))
                    .isEqualTo(":hourglass: The command service is slow to answer; your request is kept and will be sent."));
        }
        assertThat(jdbc.queryForList("select last_error from command_outbox", String.class))
                .allSatisfy(error -> assertThat(error).contains("not present in metadata"));

        // the broker is back, where the gateway looks for it
        int port = brokerAway.port();
        brokerAway.close();
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        // the test kit's listeners, with the broker's on the gateway's port (kafkaPorts is not applied in KRaft mode)
        broker.brokerProperties(java.util.Map.of("listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0"));
        broker.brokerListProperty(null);
        broker.afterPropertiesSet();

        await().atMost(PATIENCE).until(() -> jdbc.queryForObject("select count(*) from command_outbox", Integer.class) == 0);
        try (KafkaSide kafka = new KafkaSide(broker.getBrokersAsString(), new TopicNames(prefix))) {
            assertThat(kafka.published()).isEqualTo(3);
            await().atMost(PATIENCE).until(() -> kafka.envelopes().size() == 3);
            assertThat(kafka.envelopes()).extracting(e -> UUID.fromString(e.path("commandId").asText()))
                    .containsExactlyInAnyOrderElementsOf(kept);
            assertThat(kafka.envelopes()).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("SetAutonomyLevel"));
        }
        for (String url : urls) {
            assertThat(slack.responses(url)).hasSize(1); // no "not sent" after all
        }
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        assertThat(count(meters, "published")).isEqualTo(3);
        assertThat(count(meters, "failed")).isGreaterThanOrEqualTo(9);
        assertThat(count(meters, "given_up")).isZero();
    }

    private static double count(MeterRegistry meters, String outcome) {
        return Search.in(meters).name("enclave.slack.commands").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
