package io.enclavesuite.slack;

import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import io.enclavesuite.testsupport.TestInfrastructure;

import java.util.ArrayList;
import java.util.List;

/**
 * What every gateway test starts the real gateway with: the test infrastructure's Kafka and PostgreSQL under its own
 * topic prefix, a free port, the test signing secret, a bot token pointed at the stand-in Slack, and the gateway's
 * token key of this JVM (which every service started by the tests trusts). Each test adds what is its own (sign-in,
 * coordination-service, the read side) to the list.
 */
public final class GatewayArguments {

    public static List<String> of(SlackStandIn slack, String topicPrefix) {
        return of(slack, topicPrefix, null);
    }

    /** A gateway on the database at {@code jdbcUrl}: several share one, as replicas or as a gateway restarted. */
    public static List<String> of(SlackStandIn slack, String topicPrefix, String jdbcUrl) {
        List<String> args = new ArrayList<>();
        TestInfrastructure.get().springProperties(jdbcUrl, topicPrefix).forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        args.add("--enclave.slack.signing-secret=" + SlackRequests.SECRET);
        args.add("--enclave.slack.bot-token=xoxb-test");
        args.add("--enclave.slack.web-api-url=" + slack.webApiUrl());
        args.add("--enclave.slack.issuer-key-file=" + TestInfrastructure.serviceTokenKeyFile("slack-gateway"));
        return args;
    }

    private GatewayArguments() {
    }
}
