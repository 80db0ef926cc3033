package io.enclavesuite.slack;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.SilentServer;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A real gateway on the tests' PostgreSQL whose Kafka is a listening socket that never answers (a broker that hangs
 * rather than refuses): publishing times out after 2 s, and the start's topic checks give up after 1 s.
 */
final class GatewayBeforeKafka {

    private GatewayBeforeKafka() {
    }

    /** Starts the gateway; {@code topicPrefix} may be null, {@code extra} are further {@code --name=value} arguments. */
    static ConfigurableApplicationContext start(SlackStandIn slack, SilentServer broker, String topicPrefix,
                                                String... extra) {
        List<String> args = new ArrayList<>();
        TestInfrastructure.get().springProperties(null, topicPrefix).entrySet().stream()
                .filter(property -> !property.getKey().equals("spring.kafka.bootstrap-servers"))
                .forEach(property -> args.add("--" + property.getKey() + "=" + property.getValue()));
        args.add("--spring.kafka.bootstrap-servers=" + broker.address());
        args.add("--server.port=0");
        args.add("--enclave.slack.signing-secret=" + SlackRequests.SECRET);
        args.add("--enclave.slack.web-api-url=" + slack.webApiUrl());
        args.add("--enclave.slack.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("slack-gateway"));
        args.add("--enclave.slack.publish-timeout=PT2S");
        // The start asks the absent broker twice (the event topics' retention, KafkaAdmin's topics), each giving up
        // after the operation timeout; KafkaAdmin then waits its close timeout (10 s by default) for the calls
        // still pending on the silent socket, which never end. Neither wait is what these tests look at.
        args.add("--spring.kafka.admin.operation-timeout=1s");
        args.add("--spring.kafka.admin.close-timeout=1s");
        args.addAll(List.of(extra));
        return SlackGatewayApplication.application().run(args.toArray(String[]::new));
    }

    static SlackRequests requests(ConfigurableApplicationContext gateway) {
        return new SlackRequests(((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
    }

    /** The text of a message the gateway sent to a response URL. */
    static String text(SlackStandIn.Call response) throws Exception {
        return EnclaveJson.mapper().readTree(response.body()).path("text").asText();
    }
}
