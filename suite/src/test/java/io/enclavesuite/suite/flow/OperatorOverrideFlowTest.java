package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.CommandChannel;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Break-glass, end to end: an operator (the operator tool's principal, acting as the person on call) is refused on
 * Alice's enclave like anyone else until they state a reason; then the freeze happens, the override is an event in
 * the enclave's history that Alice reads and "Why?" explains, and the channel and Alice hear of it in Slack. A
 * principal that is no operator cannot state a reason at all.
 */
class OperatorOverrideFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0GLASS";
    private static final String FREEZE = "{\"enclaveId\":\"glass\",\"reason\":\"owner-request\"}";
    private static final String REASON = "INC-42: owner on leave, enclave must stop its nightly export";
    private static final SlackStandIn slack = SlackStandIn.start();
    private static SuiteUnderTest suite;
    private static CommandChannel operator;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest().startAll();
        suite.startGateway(slack);
        operator = new CommandChannel(suite.infrastructure.kafkaBootstrapServers(), suite.topics, "enclavectl");
        CommandResult provisioned = suite.execute("glass", "ProvisionEnclave",
                "{\"enclaveId\":\"glass\",\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"glass\"}}", "U0ALICE",
                CHANNEL);
        assertThat(provisioned.accepted()).as(provisioned.reason()).isTrue();
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("glass")
                .contains("io.enclavesuite.api.enclave.EnclaveActivated"));
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (suite != null) {
            suite.close();
        }
        slack.close();
    }

    @Test
    void anOperatorBreaksGlassOnlyWithAReasonAndAliceSeesItInHistoryWhyAndSlack() throws Exception {
        CommandResult unexplained = operator.execute("glass", "FreezeEnclave", FREEZE, "U0OPS", null);
        assertThat(unexplained.status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(unexplained.reason()).contains("only the owner of enclave 'glass' (U0ALICE) may freeze");

        // a principal that is no operator may not state a reason: refused before the enclave hears of it
        CommandEnvelope notAnOperator = suite.envelope(UUID.randomUUID(), "FreezeEnclave", FREEZE, null, "U0OPS")
                .withOperatorReason(REASON);
        suite.send("glass", notAnOperator);
        await().atMost(PATIENCE).until(() -> !suite.resultsFor(notAnOperator.commandId()).isEmpty());
        assertThat(suite.resultsFor(notAnOperator.commandId()).get(0).reason())
                .contains("principal suite-test is not an operator");

        CommandEnvelope override = operator.envelope(UUID.randomUUID(), "FreezeEnclave", FREEZE, null, "U0OPS")
                .withOperatorReason(REASON);
        operator.send("glass", override);
        await().atMost(PATIENCE).until(() -> !operator.resultsFor(override.commandId()).isEmpty());
        assertThat(operator.resultsFor(override.commandId()).get(0).accepted())
                .as(operator.resultsFor(override.commandId()).get(0).reason()).isTrue();

        // the owner reads it in the enclave's history, with who, through what, and why
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/glass", "U0ALICE").body()
                .contains("\"status\":\"FROZEN\""));
        JsonNode overridden = await().atMost(PATIENCE).until(() -> historyEvent("EnclaveAccessOverridden"),
                event -> event != null);
        assertThat(overridden.path("actor").asText()).isEqualTo("U0OPS");
        assertThat(overridden.path("via").asText()).isEqualTo("kafka:enclavectl");
        assertThat(overridden.path("payload").path("reason").asText()).isEqualTo(REASON);
        assertThat(overridden.path("payload").path("lifted").asText()).contains("only the owner");

        // "Why?" on the freeze names the override and its reason
        JsonNode frozen = historyEvent("EnclaveFrozen");
        JsonNode why = EnclaveJson.mapper().readTree(suite.get("/api/why?aggregate=glass&sequence="
                + frozen.path("sequence").asLong(), "U0ALICE").body());
        assertThat(why.path("policy").toString()).contains("operator U0OPS (through enclavectl) overrode")
                .contains(REASON);

        // and Slack: the channel, and Alice directly
        await().atMost(PATIENCE).until(() -> posted(CHANNEL).stream().anyMatch(text -> text.contains(REASON))
                && posted("U0ALICE").stream().anyMatch(text -> text.contains(REASON)));
        assertThat(posted("U0ALICE")).anySatisfy(text -> assertThat(text)
                .contains("Operator <@U0OPS> (through enclavectl) overrode the rules of enclave *glass* to FreezeEnclave"));
    }

    private static JsonNode historyEvent(String type) throws Exception {
        JsonNode history = EnclaveJson.mapper().readTree(suite.get("/api/enclaves/glass/history", "U0ALICE").body());
        JsonNode events = history.path("items");
        return StreamSupport.stream(events.spliterator(), false).filter(e -> type.equals(e.path("type").asText()))
                .findFirst().orElse(null);
    }

    private static List<String> posted(String to) {
        return slack.calls("chat.postMessage").stream().filter(c -> to.equals(c.param("channel")))
                .map(c -> c.param("text")).toList();
    }
}
