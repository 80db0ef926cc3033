package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.receipts.signing.Ed25519Keys;
import io.enclavesuite.testsupport.CommandChannel;
import io.enclavesuite.trust.PrincipalSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recipe that used to delete Alice's enclave — any Kafka producer claiming to be Alice asks for its
 * deprovisioning, then confirms with the code the results topic shows everyone — played against the real services.
 * The attacker has the broker and the topic names, but no registered principal's key.
 */
class ForgedCommandsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0FORGERY";
    private static SuiteUnderTest suite;
    private static CommandChannel mallory;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startAll();
        // Mallory's own key, under the name of a principal the services know
        mallory = new CommandChannel(suite.infrastructure.kafkaBootstrapServers(), suite.topics,
                new PrincipalSigner("enclavectl", Ed25519Keys.SigningKey.generate(new SecureRandom())));
    }

    @AfterAll
    static void stop() {
        if (mallory != null) {
            mallory.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void aForgedDeprovisionOfAlicesEnclaveIsRefusedAndChangesNothing() throws Exception {
        CommandResult provisioned = suite.execute("forgery", "ProvisionEnclave",
                "{\"enclaveId\":\"forgery\",\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"forgery\"}}",
                "U0ALICE", CHANNEL);
        assertThat(provisioned.accepted()).as(provisioned.reason()).isTrue();
        // settled: active, and the object storage saga has reported its bucket (it records after activation)
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("forgery").stream().anyMatch(type ->
                type.endsWith(".SharedServiceReady") || type.endsWith(".SharedServiceFailed")));
        long before = suite.storedEvents("forgery");

        // unsigned, as any producer could send it before
        CommandEnvelope unsigned = mallory.envelope(UUID.randomUUID(), "RequestDeprovision",
                "{\"enclaveId\":\"forgery\"}", CHANNEL, "U0ALICE");
        mallory.sendRecord(mallory.topicOf("RequestDeprovision"), "forgery", mallory.json(unsigned), null);
        // signed, but with Mallory's key under enclavectl's name
        CommandEnvelope forged = mallory.envelope(UUID.randomUUID(), "RequestDeprovision",
                "{\"enclaveId\":\"forgery\"}", CHANNEL, "U0ALICE");
        mallory.send("forgery", forged);
        // and the confirmation, as if she had read a code
        CommandEnvelope confirm = mallory.envelope(UUID.randomUUID(), "ConfirmDeprovision",
                "{\"enclaveId\":\"forgery\",\"confirmationCode\":\"AAAA-AAAA\"}", CHANNEL, "U0ALICE");
        mallory.sendRecord(mallory.topicOf("ConfirmDeprovision"), "forgery", mallory.json(confirm),
                new PrincipalSigner("enclavectl", Ed25519Keys.SigningKey.generate(new SecureRandom()))
                        .sign(mallory.json(confirm).getBytes(StandardCharsets.UTF_8)));

        await().atMost(PATIENCE).until(() -> !mallory.resultsFor(confirm.commandId()).isEmpty()
                && !mallory.resultsFor(forged.commandId()).isEmpty() && !mallory.resultsFor(unsigned.commandId()).isEmpty());
        assertThat(mallory.resultsFor(unsigned.commandId()).get(0).reason()).contains("unsigned envelope");
        assertThat(mallory.resultsFor(forged.commandId()).get(0).reason())
                .contains("is not a key of principal enclavectl");
        assertThat(mallory.resultsFor(confirm.commandId()).get(0).status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(mallory.deadLetters()).extracting(d -> d.reason())
                .anySatisfy(reason -> assertThat(reason).contains("unsigned envelope"));
        assertThat(suite.storedEvents("forgery")).isEqualTo(before);
        assertThat(suite.storedEventTypes("forgery")).noneMatch(type -> type.contains("Deprovision"));
        assertThat(suite.get("/api/enclaves/forgery", "U0ALICE").body()).contains("\"status\":\"ACTIVE\"");
    }
}
