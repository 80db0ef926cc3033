package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.receipts.cli.VerifyReceipt;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.DatabaseScan;
import io.enclavesuite.testsupport.TopicScan;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receipts end to end, as a holder experiences them: an ended enclave's receipt appears in each holder's receipts,
 * and the offline verifier accepts it against the keys the read side publishes and the events the owning service
 * exports — for a room resolved through Kafka and for a deprovisioned team enclave.
 */
class ReceiptFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0RECEIPTS";
    private static SuiteUnderTest suite;
    private final HttpClient http = HttpClient.newHttpClient();

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

    @Test
    void everyParticipantOfAResolvedRoomHoldsOneReceiptThatVerifiesOffline() throws Exception {
        String room = "room-" + UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        accepted(room, "CreateCoordination", "{\"coordinationId\":\"" + room + "\",\"type\":\"meeting-sync\","
                + "\"purpose\":\"offsite\",\"participants\":[\"U0BOB\",\"U0CAROL\"],\"duration\":\"PT1H\","
                + "\"range\":{\"from\":\"" + day + "\",\"to\":\"" + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE");
        for (String person : List.of("U0BOB", "U0CAROL")) {
            await().atMost(PATIENCE).until(() -> suite.execute(room, "ApproveParticipation",
                    "{\"coordinationId\":\"" + room + "\"}", person, null).status() == CommandResult.Status.ACCEPTED);
        }
        // Bounds no proposal can show (the overlap runs from Carol's start to Bob's end), so any trace is a window.
        Map<String, String[]> windows = Map.of("U0ALICE", new String[]{"08:13", "11:47"},
                "U0BOB", new String[]{"08:29", "11:31"}, "U0CAROL", new String[]{"08:41", "11:59"});
        // each agent seals its windows to the key the open room shows its participants
        String roomKey = await().atMost(PATIENCE).until(() -> io.enclavesuite.api.EnclaveJson.mapper().readTree(
                suite.get("/api/rooms/" + room, "U0ALICE").body()).path("roomKey").asText(null), java.util.Objects::nonNull);
        for (String person : List.of("U0ALICE", "U0BOB", "U0CAROL")) {
            String sealed = io.enclavesuite.trust.RoomSeals.sealWindows(roomKey,
                    io.enclavesuite.api.coordination.CoordinationId.of(room), io.enclavesuite.api.enclave.UserId.of(person),
                    List.of(new io.enclavesuite.api.coordination.TimeWindow(at(day, windows.get(person)[0]),
                            at(day, windows.get(person)[1])))).value();
            await().atMost(PATIENCE).until(() -> suite.execute(room, "SubmitWindows", "{\"coordinationId\":\"" + room
                    + "\",\"windows\":\"" + sealed + "\"}", person, null).status() == CommandResult.Status.ACCEPTED);
        }
        await().atMost(PATIENCE).until(() -> !candidates(room).isEmpty());
        // the stored proposals are numbered and sealed; a participant reads their times from coordination-service
        assertThat(candidates(room).get(0).path("slot").isTextual()).isTrue();
        int best = candidates(room).get(0).path("number").asInt();
        JsonNode proposals = EnclaveJson.mapper().readTree(
                internal(suite.coordination, "/internal/rooms/" + room + "/proposals", "U0BOB"));
        assertThat(proposals.path("proposals").get(0).path("number").asInt()).isEqualTo(best);
        assertThat(proposals.path("proposals").get(0).path("slot").path("start").asText())
                .isEqualTo(at(day, "08:41").toString());
        for (String person : List.of("U0ALICE", "U0BOB", "U0CAROL")) {
            await().atMost(PATIENCE).until(() -> suite.execute(room, "AcceptSlot", "{\"coordinationId\":\"" + room
                    + "\",\"proposal\":" + best + "}", person, null).status() == CommandResult.Status.ACCEPTED);
        }

        for (String person : List.of("U0ALICE", "U0BOB", "U0CAROL")) {
            await().atMost(PATIENCE).until(() -> receiptsOf(person, room).size() == 1);
        }
        assertThat(receiptsOf("U0EVE", room)).isEmpty();
        // the read side's room and Coordination feed followed the same events
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.get("/api/feed/coordination", "U0CAROL")
                .body()).contains("\"room\":\"" + room + "\"", "\"label\":\"resolved\"", "\"badge\":0"));
        assertThat(suite.get("/api/rooms/" + room, "U0EVE").statusCode()).isEqualTo(404);
        // "Why was Carol asked?" leads back to Alice creating the room, through the authorization saga
        int asked = coordinationEventTypes(room).indexOf("ParticipationApprovalRequested");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.get("/api/why?aggregate=" + room
                + "&sequence=" + asked, "U0CAROL").body()).contains("\"origin\":{\"aggregate\":\"" + room
                + "\",\"sequence\":0,\"type\":\"CoordinationCreated\"", "\"actor\":\"U0ALICE\"",
                "was asked before their agent joins"));
        JsonNode receipt = receiptsOf("U0CAROL", room).get(0);
        assertThat(receipt.path("enclaveKind").asText()).isEqualTo("coordination");
        assertThat(receipt.path("outcome").path("slot").path("start").asText()).isEqualTo(at(day, "08:41").toString());
        String events = internal(suite.coordination, "/internal/receipts/" + room + "/events", "U0CAROL");

        assertThat(verify(receipt, events)).as("%s", output).isZero();
        assertThat(output.toString()).contains("valid");

        // Once the receipt is recorded the room is shredded: no schema of any service — event stores, read models,
        // tokens, sagas — holds a window bound that was not part of the outcome, in any form; the other proposals
        // stay only sealed to the destroyed key.
        await().atMost(PATIENCE).until(() -> coordinationEventTypes(room).contains("CoordinationDataShredded"));
        List<String> forbidden = new java.util.ArrayList<>();
        for (String bound : List.of(windows.get("U0ALICE")[0], windows.get("U0ALICE")[1], windows.get("U0BOB")[0],
                windows.get("U0CAROL")[1])) {
            Instant instant = at(day, bound);
            forbidden.addAll(List.of(instant.toString().substring(0, 16), Long.toString(instant.getEpochSecond()),
                    Long.toString(instant.toEpochMilli())));
        }
        assertThat(DatabaseScan.tables(suite.database)).anyMatch(t -> t.startsWith("enclave_query."))
                .anyMatch(t -> t.startsWith("coordination.")).anyMatch(t -> t.startsWith("enclave_command."));
        assertThat(DatabaseScan.everyValue(suite.database))
                .allSatisfy(value -> assertThat(value).doesNotContain(forbidden));
        // nor does any record of any topic — commands, results, dead letters, events, receipts
        assertThat(TopicScan.everyRecord(suite.infrastructure.kafkaBootstrapServers(), suite.topics.all(), PATIENCE))
                .anyMatch(record -> record.contains(room))
                .allSatisfy(record -> assertThat(record).doesNotContain(forbidden));
        // nor anything the services logged while the room lived and ended
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage()
                + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()))
                .doesNotContain(forbidden));
    }

    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
            new ch.qos.logback.core.read.ListAppender<>();

    @org.junit.jupiter.api.BeforeEach
    void listenToTheLogs() {
        logs.start();
        rootLogger().addAppender(logs);
    }

    @org.junit.jupiter.api.AfterEach
    void stopListening() {
        rootLogger().detachAppender(logs);
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static Instant at(Instant day, String hhmm) {
        String[] parts = hhmm.split(":");
        return day.plus(Duration.ofHours(Long.parseLong(parts[0]))).plus(Duration.ofMinutes(Long.parseLong(parts[1])));
    }

    private static List<String> coordinationEventTypes(String room) {
        return suite.database.queryForList("""
                select payloadtype from coordination.domainevententry where aggregateidentifier = ?
                order by sequencenumber""", String.class, room).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** The proposals the room made, as stored: numbers and sealed slots. */
    private static List<JsonNode> candidates(String room) throws Exception {
        List<byte[]> payloads = suite.database.queryForList("""
                select payload from coordination.domainevententry
                where aggregateidentifier = ? and payloadtype like '%.SlotsProposed'""", byte[].class, room);
        List<JsonNode> slots = new java.util.ArrayList<>();
        for (byte[] payload : payloads) {
            EnclaveJson.mapper().readTree(payload).path("candidates").forEach(slots::add);
        }
        return slots;
    }

    @Test
    void theOwnerAndMembersOfADeprovisionedEnclaveHoldItsReceipt() throws Exception {
        accepted("receipts", "ProvisionEnclave",
                "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"receipts\"},\"quota\":\"small\"}", "U0ALICE");
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("receipts").stream()
                .anyMatch(type -> type.endsWith("EnclaveActivated")));
        accepted("receipts", "RegisterMember", "{\"enclaveId\":\"receipts\",\"member\":\"U0BOB\"}", "U0BOB");
        String code = accepted("receipts", "RequestDeprovision", "{\"enclaveId\":\"receipts\"}", "U0ALICE")
                .details().get("confirmationCode");
        accepted("receipts", "ConfirmDeprovision",
                "{\"enclaveId\":\"receipts\",\"confirmationCode\":\"" + code + "\"}", "U0ALICE");

        await().atMost(PATIENCE).until(() -> receiptsOf("U0BOB", "receipts").size() == 1);
        assertThat(receiptsOf("U0ALICE", "receipts")).hasSize(1);
        JsonNode receipt = receiptsOf("U0BOB", "receipts").get(0);
        assertThat(receipt.path("enclaveKind").asText()).isEqualTo("team");
        assertThat(receipt.path("participants")).hasSize(2);
        assertThat(receipt.path("outcome").path("confirmedBy").asText()).isEqualTo("U0ALICE");
        String events = internal(suite.command, "/internal/receipts/receipts/events", "U0BOB");
        // the export is the holder's alone: naming Bob gets nothing without a token or with someone else's
        for (String path : List.of("/internal/receipts/receipts", "/internal/receipts/receipts/events")) {
            assertThat(send(suite.command, path + "?holder=U0BOB", null).statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> eve = send(suite.command, path + "?holder=U0BOB", ApiTokens.bearer("U0EVE"));
            assertThat(eve.statusCode()).as(path).isEqualTo(404);
            assertThat(eve.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }

        assertThat(verify(receipt, events)).as("%s", output).isZero();
    }

    /**
     * Carol's tentacle is private: Bob, a member like her, may not see it, by its mode. His export of the receipt
     * leaves its events out — each line of them is the event's hash alone, the ending too, which names the tentacle's
     * workload among what was removed — and still verifies; the enclave's owner and Carol get the whole stream, which
     * verifies too.
     */
    @Test
    void aHoldersExportLeavesOutTheTentaclesTheirModesHideAndStillVerifies() throws Exception {
        String hidden = "C0HIDDEN";
        accepted("hidden", "ProvisionEnclave", "{\"channel\":{\"id\":\"" + hidden + "\",\"name\":\"hidden\"}}",
                "U0ALICE", hidden);
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes("hidden").stream()
                .anyMatch(type -> type.endsWith("EnclaveActivated")));
        accepted("hidden", "RegisterMember", "{\"enclaveId\":\"hidden\",\"member\":\"U0BOB\"}", "U0BOB", hidden);
        accepted("hidden", "RegisterMember", "{\"enclaveId\":\"hidden\",\"member\":\"U0CAROL\"}", "U0CAROL", hidden);
        accepted("hidden", "DeployTentacle", """
                {"enclaveId":"hidden","tentacle":"ledger","image":"ghcr.io/acme/ledger:3.0","mode":"private"}""",
                "U0CAROL", hidden);
        accepted("hidden", "DeployTentacle", """
                {"enclaveId":"hidden","tentacle":"report","image":"ghcr.io/acme/report:1.0.0"}""", "U0BOB", hidden);
        // both workloads run, so what deprovisioning removes names the private one too
        try (KubernetesClient kubernetes = suite.infrastructure.newKubernetesClient()) {
            await().atMost(PATIENCE).until(() -> kubernetes.apps().deployments().inNamespace("enclave-hidden").list()
                    .getItems().size() == 2);
        }
        String code = accepted("hidden", "RequestDeprovision", "{\"enclaveId\":\"hidden\"}", "U0ALICE", hidden)
                .details().get("confirmationCode");
        accepted("hidden", "ConfirmDeprovision",
                "{\"enclaveId\":\"hidden\",\"confirmationCode\":\"" + code + "\"}", "U0ALICE", hidden);
        await().atMost(PATIENCE).until(() -> receiptsOf("U0BOB", "hidden").size() == 1);
        JsonNode receipt = receiptsOf("U0BOB", "hidden").get(0);

        String bobs = internal(suite.command, "/internal/receipts/hidden/events", "U0BOB");
        String alices = internal(suite.command, "/internal/receipts/hidden/events", "U0ALICE");
        String carols = internal(suite.command, "/internal/receipts/hidden/events", "U0CAROL");

        assertThat(alices).contains("ghcr.io/acme/ledger").contains("Deployment/ledger");
        // one receipt for all three: it names no workload of a tentacle one of them may not see, but counts it
        assertThat(receipt.toString()).doesNotContain("ledger").contains("Deployment/report");
        assertThat(receipt.path("outcome").path("removedUnnamed").asInt()).isEqualTo(1);
        assertThat(carols).isEqualTo(alices);
        assertThat(bobs).doesNotContain("ledger").doesNotContain("acme/ledger").contains("report");
        assertThat(bobs.lines().count()).isEqualTo(alices.lines().count());
        long withheld = bobs.lines().filter(line -> line.contains("\"eventHash\"")).count();
        assertThat(withheld).isPositive();
        assertThat(verify(receipt, bobs)).as("%s", output).isZero();
        assertThat(output.toString()).contains("(" + withheld + " withheld from you, each by its hash)");
        assertThat(verify(receipt, alices)).as("%s", output).isZero();
        assertThat(verify(receipt, alices.replaceFirst("acme/ledger", "acme/ledgeR"))).isEqualTo(1);
    }

    private CommandResult accepted(String key, String type, String payload, String actor) throws Exception {
        return accepted(key, type, payload, actor, CHANNEL);
    }

    private CommandResult accepted(String key, String type, String payload, String actor, String channel)
            throws Exception {
        CommandResult result = suite.execute(key, type, payload, actor, channel);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        return result;
    }

    private List<JsonNode> receiptsOf(String person, String enclaveId) throws Exception {
        HttpResponse<String> response = suite.get("/api/receipts", person);
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> held = new java.util.ArrayList<>();
        EnclaveJson.mapper().readTree(response.body()).forEach(held::add);
        return held.stream().filter(r -> r.path("enclaveId").asText().equals(enclaveId)).toList();
    }

    /** A write service's internal endpoint, as {@code holder} with their own bearer token: what must answer 200. */
    private String internal(ConfigurableApplicationContext service, String path, String holder) throws Exception {
        HttpResponse<String> response = send(service, path, ApiTokens.bearer(holder));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> send(ConfigurableApplicationContext service, String path, String authorization)
            throws Exception {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private final StringWriter output = new StringWriter();

    /** {@code verify-receipt RECEIPT.json --keys-url <the read side's key set> --events EVENTS.ndjson}. */
    private int verify(JsonNode receipt, String events) throws Exception {
        Path folder = Files.createTempDirectory("receipt-flow");
        Path receiptFile = Files.writeString(folder.resolve("receipt.json"), receipt.toString());
        Path eventsFile = Files.writeString(folder.resolve("events.ndjson"), events);
        int port = ((WebServerApplicationContext) suite.query).getWebServer().getPort();
        CommandLine cli = new CommandLine(new VerifyReceipt());
        cli.setOut(new PrintWriter(output, true));
        cli.setErr(new PrintWriter(output, true));
        return cli.execute(receiptFile.toString(), "--keys-url", "http://localhost:" + port + "/api/receipts/keys",
                "--events", eventsFile.toString());
    }
}
