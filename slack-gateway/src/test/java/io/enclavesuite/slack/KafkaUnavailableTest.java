package io.enclavesuite.slack;

import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack waits 3 seconds for an answer; Kafka may be away for longer. The gateway acknowledges once the command is in
 * its outbox, tells the person once that it is kept when the first publish fails, and — Kafka still away after
 * give-up-after (here 6 s) — drops it and says it was not sent: nothing half-sent, nothing pending, nothing kept.
 */
class KafkaUnavailableTest {

    private static SlackStandIn slack;
    private static SilentServer noBroker;
    private static ConfigurableApplicationContext gateway;
    private static SlackRequests requests;

    @BeforeAll
    static void start() throws Exception {
        slack = SlackStandIn.start();
        noBroker = SilentServer.start(); // held for the whole test: no other process can take the port meanwhile
        gateway = GatewayBeforeKafka.start(slack, noBroker, null,
                "--enclave.slack.outbox.lease=PT6S", "--enclave.slack.outbox.give-up-after=PT6S");
        requests = GatewayBeforeKafka.requests(gateway);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (slack != null) {
            slack.close();
        }
        if (noBroker != null) {
            noBroker.close();
        }
    }

    @Test
    void theCommandIsKeptThePersonToldOnceAndAfterGiveUpAfterToldThatNothingWasSent() throws Exception {
        String responseUrl = slack.newResponseUrl();
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision", "U0ALICE", "C0OFFLINE", "offline", responseUrl)), SlackRequests.FORM);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Provisioning an enclave for #offline");
        JdbcTemplate jdbc = gateway.getBean(JdbcTemplate.class);
        // acknowledged only once stored: the row is there when the acknowledgement arrives
        assertThat(jdbc.queryForObject("select count(*) from command_outbox", Integer.class)).isOne();

        await().atMost(Duration.ofSeconds(30)).until(() -> !slack.responses(responseUrl).isEmpty());
        assertThat(GatewayBeforeKafka.text(slack.responses(responseUrl).get(0)))
                .isEqualTo(":hourglass: The command service is slow to answer; your request is kept and will be sent.");
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.responses(responseUrl).size() >= 2);
        assertThat(slack.responses(responseUrl)).hasSize(2); // told once that it is kept, not at each attempt
        assertThat(GatewayBeforeKafka.text(slack.responses(responseUrl).get(1)))
                .contains("could not be reached for 6 seconds, so your request was not sent");
        assertThat(jdbc.queryForObject("select count(*) from command_outbox", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from pending_reply", Integer.class)).isZero();
        MeterRegistry meters = gateway.getBean(MeterRegistry.class);
        assertThat(meters.get("enclave.slack.commands").tag("outcome", "given_up").tag("type", "ProvisionEnclave")
                .counter().count()).isOne();
        assertThat(meters.get("enclave.slack.commands").tag("outcome", "failed").counter().count()).isGreaterThanOrEqualTo(2);
    }
}
