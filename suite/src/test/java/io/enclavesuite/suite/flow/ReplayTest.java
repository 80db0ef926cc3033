package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read model dropped and rebuilt from the event topics through the operator's replay command comes back
 * exactly as it was — enclaves, members, tentacles and their shared services, a room, receipts and the audit
 * history — after every table was emptied.
 */
class ReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0REPLAY";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SuiteUnderTest suite;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startWithCoordination();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    /** Retried while what it depends on is still on its way (an approval the saga has yet to request). */
    private static void accepted(String aggregate, String type, String payload, String actor, String channel) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            CommandResult result = suite.execute(aggregate, type, payload, actor, channel);
            assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        });
    }

    @Test
    void droppingAndRebuildingEveryReadModelGivesTheSameContents() throws Exception {
        // a team enclave with a member and a tentacle, deprovisioned (so it has a receipt), and one still active
        // with a member and a tentacle of its own
        accepted("replayed", "ProvisionEnclave", "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"replayed\"}}",
                "U0ALICE", CHANNEL);
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/replayed", "U0ALICE").body().contains("\"ACTIVE\""));
        accepted("replayed", "RegisterMember", "{\"enclaveId\":\"replayed\",\"member\":\"U0BOB\"}", "U0BOB", CHANNEL);
        accepted("replayed", "DeployTentacle", """
                {"enclaveId":"replayed","tentacle":"report","image":"ghcr.io/acme/report:1.0.0",
                 "schedule":"0 2 * * *","dependencies":["postgres","object-storage"]}""", "U0BOB", CHANNEL);
        accepted("kept", "ProvisionEnclave", "{\"channel\":{\"id\":\"C0KEPT\",\"name\":\"kept\"}}", "U0CAROL", "C0KEPT");
        await().atMost(PATIENCE).until(() -> suite.get("/api/enclaves/kept", "U0CAROL").body().contains("\"ACTIVE\""));
        accepted("kept", "RegisterMember", "{\"enclaveId\":\"kept\",\"member\":\"U0DAVE\"}", "U0DAVE", "C0KEPT");
        accepted("kept", "DeployTentacle", """
                {"enclaveId":"kept","tentacle":"api","image":"ghcr.io/acme/api:2.1","dependencies":["messaging"]}""",
                "U0DAVE", "C0KEPT");
        CommandResult code = suite.execute("replayed", "RequestDeprovision", "{\"enclaveId\":\"replayed\"}", "U0ALICE",
                CHANNEL);
        accepted("replayed", "ConfirmDeprovision", "{\"enclaveId\":\"replayed\",\"confirmationCode\":\""
                + code.details().get("confirmationCode") + "\"}", "U0ALICE", CHANNEL);
        // a room its participants approved
        String room = "room-" + UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        accepted(room, "CreateCoordination", "{\"coordinationId\":\"" + room + "\",\"type\":\"meeting-sync\","
                + "\"purpose\":\"replay\",\"participants\":[\"U0BOB\",\"U0CAROL\"],\"duration\":\"PT1H\","
                + "\"range\":{\"from\":\"" + day + "\",\"to\":\"" + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE", null);
        for (String person : List.of("U0BOB", "U0CAROL")) {
            accepted(room, "ApproveParticipation", "{\"coordinationId\":\"" + room + "\"}", person, null);
        }

        await().atMost(PATIENCE).until(() -> readModels().get("enclave_query.receipt_holder").size() == 2
                && readModels().get("enclave_query.room_participant").size() == 3
                && suite.get("/api/enclaves/kept", "U0CAROL").body().contains("\"object-storage\":{\"state\":\"available\""));
        // no rebuild of another test still running
        await().atMost(PATIENCE).until(() -> !suite.actuator("/actuator/replay", SuiteUnderTest.OPERATOR).body().contains("\"replaying\""));
        Map<String, List<String>> before = await().atMost(PATIENCE).until(ReplayTest::readModels,
                settled -> settled.equals(readModels())); // nothing left in flight
        assertThat(before.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

        // drop every read model's contents: only a rebuild from the events can bring them back
        suite.database.execute("truncate " + String.join(", ", before.keySet()));
        assertThat(readModels().values()).allSatisfy(rows -> assertThat(rows).isEmpty());

        JsonNode processors = JSON.readTree(suite.actuator("/actuator/replay", SuiteUnderTest.OPERATOR).body());
        List<String> names = new ArrayList<>();
        processors.forEach(p -> names.add(p.path("processor").asText()));
        // the read models share one processor (enclave.read-side.processors: shared), rebuilt as one
        assertThat(names).containsExactly("projections");
        // the operator's command: start every rebuild and follow it until done
        int port = SuiteUnderTest.managementPort(suite.query);
        assertThat(io.enclavesuite.ctl.EnclaveCtl.commandLine().execute("replay", "--all", "--wait",
                "--management-url", "http://localhost:" + port, "--as", SuiteUnderTest.OPERATOR,
                "--key-file", io.enclavesuite.testsupport.TestInfrastructure.API_TOKEN_KEY_FILE.toString())).isZero();
        for (String processor : names) {
            JsonNode done = JSON.readTree(suite.actuator("/actuator/replay/" + processor, SuiteUnderTest.OPERATOR).body());
            assertThat(done.path("state").asText()).isEqualTo("done");
            assertThat(done.path("eventsDone").asLong()).isEqualTo(done.path("eventsTotal").asLong()).isPositive();
            assertThat(done.path("eventsPerSecond").asDouble()).isPositive();
        }

        assertThat(readModels()).isEqualTo(before);
    }

    @Test
    void aSecondRebuildWhileOneRunsIsRefusedOrFindsItDone() throws Exception {
        var first = suite.actuatorPost("/actuator/replay/projections", SuiteUnderTest.OPERATOR);
        var second = suite.actuatorPost("/actuator/replay/projections", SuiteUnderTest.OPERATOR);

        assertThat(first.statusCode()).isEqualTo(202);
        // the second either finds the first still running (409, saying how far it got) or already done (202)
        assertThat(second.statusCode()).isIn(202, 409);
        if (second.statusCode() == 409) {
            assertThat(second.body()).contains("is being rebuilt already");
        }
    }

    @Test
    void aRebuildWaitsForTheTablesReadersOnlyUpToItsLockTimeout() throws Exception {
        await().atMost(PATIENCE).until(() -> !suite.actuator("/actuator/replay", SuiteUnderTest.OPERATOR).body().contains("\"replaying\""));
        try (Connection reader = suite.database.getDataSource().getConnection()) {
            // an open transaction that has read the history (an NDJSON export in progress, say) holds its lock
            reader.setAutoCommit(false);
            reader.createStatement().executeQuery("select count(*) from enclave_query.event_history").close();

            var refused = suite.actuatorPost("/actuator/replay/projections", SuiteUnderTest.OPERATOR);

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("cannot be rebuilt now: its tables are in use by a reader")
                    .contains("enclave.read-side.replay.lock-timeout");
            reader.rollback();
        }
        // the processor runs on where it was, and once the reader is gone the rebuild goes ahead
        assertThat(suite.actuator("/actuator/replay/projections", SuiteUnderTest.OPERATOR).body()).doesNotContain("failed");
        assertThat(suite.actuatorPost("/actuator/replay/projections", SuiteUnderTest.OPERATOR).statusCode()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> suite.actuator("/actuator/replay/projections", SuiteUnderTest.OPERATOR).body()
                .contains("\"done\""));
    }

    @Test
    void onlyANamedOperatorMayRebuild() throws Exception {
        var anyone = suite.actuatorPost("/actuator/replay/projections", "U0ALICE");
        assertThat(anyone.statusCode()).isEqualTo(403);
        assertThat(anyone.body()).contains("only the operators named in enclave.api.auth.operators");
        assertThat(suite.actuator("/actuator/replay", "U0ALICE").statusCode()).isEqualTo(403);
        assertThat(suite.actuator("/actuator/replay", null).statusCode()).isEqualTo(401);
        assertThat(io.enclavesuite.ctl.EnclaveCtl.commandLine().execute("replay", "--all", "--management-url",
                "http://localhost:" + SuiteUnderTest.managementPort(suite.query), "--as", "U0ALICE", "--key-file",
                io.enclavesuite.testsupport.TestInfrastructure.API_TOKEN_KEY_FILE.toString())).isEqualTo(2);
    }

    @Test
    void theSharedProcessorAsksItsReadModelsThroughTheCachingInvoker() {
        var processor = suite.query.getBean(org.axonframework.config.EventProcessingConfiguration.class)
                .eventProcessor("projections", org.axonframework.eventhandling.TrackingEventProcessor.class)
                .orElseThrow();

        assertThat(processor.eventHandlerInvoker())
                .isInstanceOf(io.enclavesuite.query.axon.CachingEventHandlerInvoker.class);
    }

    @Test
    void anUnknownReadModelIsNamedInAProblem() throws Exception {
        var response = suite.actuatorPost("/actuator/replay/nonsense", SuiteUnderTest.OPERATOR);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no read model 'nonsense': projections");
    }

    @Test
    void aReadModelThatSharesTheProcessorIsRebuiltWithTheOthers() throws Exception {
        var response = suite.actuatorPost("/actuator/replay/history", SuiteUnderTest.OPERATOR);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("the history read model shares the processor projections");
    }

    /** Every row of every read-model table (not the tokens, Flyway's history or parked events), sorted per table. */
    private static Map<String, List<String>> readModels() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : suite.database.queryForList("""
                select table_name from information_schema.tables where table_schema = 'enclave_query'
                and table_name not in ('tokenentry', 'flyway_schema_history', 'deadletterentry')
                order by table_name""", String.class)) {
            List<String> rows = new ArrayList<>(suite.database.query("select * from enclave_query." + table,
                    (rs, n) -> {
                        StringBuilder row = new StringBuilder();
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            row.append(rs.getMetaData().getColumnName(c)).append('=').append(rs.getString(c)).append(';');
                        }
                        return row.toString();
                    }));
            rows.sort(null);
            tables.put("enclave_query." + table, rows);
        }
        return tables;
    }
}
