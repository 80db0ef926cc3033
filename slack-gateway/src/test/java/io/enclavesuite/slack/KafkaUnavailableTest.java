package io.enclavesuite.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slack waits 3 seconds for an answer; Kafka may be away for longer. The gateway acknowledges at once and, when the
 * command cannot be published, tells the person so through the response_url — nothing half-sent, nothing pending.
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
        List<String> args = new ArrayList<>();
        TestInfrastructure.get().springProperties(null, null).entrySet().stream()
                .filter(property -> !property.getKey().equals("spring.kafka.bootstrap-servers"))
                .forEach(property -> args.add("--" + property.getKey() + "=" + property.getValue()));
        args.add("--spring.kafka.bootstrap-servers=" + noBroker.address());
        args.add("--server.port=0");
        args.add("--enclave.slack.signing-secret=" + SlackRequests.SECRET);
        args.add("--enclave.slack.web-api-url=" + slack.webApiUrl());
        args.add("--enclave.slack.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("slack-gateway"));
        args.add("--enclave.slack.publish-timeout=PT2S");
        args.add("--spring.kafka.admin.operation-timeout=2s"); // creating topics gives up quickly without a broker
        gateway = SlackGatewayApplication.application().run(args.toArray(String[]::new));
        requests = new SlackRequests(((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
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
    void theCommandIsAcknowledgedAtOnceAndThePersonToldThatNothingWasSent() throws Exception {
        String responseUrl = slack.newResponseUrl();
        HttpResponse<String> ack = requests.signed(SlackRequests.form(SlackRequests.slashCommand("/enclave",
                "provision", "U0ALICE", "C0OFFLINE", "offline", responseUrl)), SlackRequests.FORM);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Provisioning an enclave for #offline");
        assertThat(slack.responses(responseUrl)).isEmpty(); // the answer comes later, not in place of the ack

        await().atMost(Duration.ofSeconds(20)).until(() -> !slack.responses(responseUrl).isEmpty());
        JsonNode answer = EnclaveJson.mapper().readTree(slack.responses(responseUrl).get(0).body());
        assertThat(answer.path("text").asText()).contains("cannot be reached right now; nothing was sent");
        assertThat(gateway.getBean(JdbcTemplate.class).queryForObject("select count(*) from pending_reply",
                Integer.class)).isZero();
    }
}
