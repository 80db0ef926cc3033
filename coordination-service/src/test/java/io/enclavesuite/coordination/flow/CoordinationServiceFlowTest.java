package io.enclavesuite.coordination.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SetInboundRateLimit;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.enclavesuite.coordination.meeting.RoomReceipts;
import io.enclavesuite.receipts.cli.VerifyReceipt;
import io.enclavesuite.receipts.receipt.JwkSet;
import io.enclavesuite.receipts.signing.VerificationKeyFile;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.enclavesuite.auth.LocalTokenIssuer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * coordination-service end to end through its own Kafka topic: commands in, results back, events in PostgreSQL and
 * on {@code coordination.events}.
 */
class CoordinationServiceFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String CAROL = "U0CAROL";

    private static RunningCoordinationService service;

    @BeforeAll
    static void start() {
        service = new RunningCoordinationService().start();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void aRoomGoesFromCreationToAnAgreedSlotThroughKafka() throws Exception {
        accepted(BOB, new AddAutonomyRule(UserId.of(BOB), new AutonomyRule("alice-asks", RuleKind.FROM_PEOPLE,
                List.of(UserId.of(ALICE)), null)), BOB);
        CoordinationId room = CoordinationId.random();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));

        CommandResult created = service.execute(room.value(), create(room, day, Duration.ofHours(48)), ALICE);

        assertThat(created.status()).as(created.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(created.aggregateId()).isEqualTo(room.value());
        // Alice started it, Bob's rule lets his agent join, Carol is asked.
        await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("ParticipationApprovalRequested"));
        JsonNode bob = authorizationOf(room, BOB);
        assertThat(bob.path("authorization").asText()).isEqualTo("auto-executed");
        assertThat(bob.path("ruleId").asText()).isEqualTo("alice-asks");

        accepted(room, new ApproveParticipation(room), CAROL);
        await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("CoordinationOpened"));

        accepted(room, windows(room, day, "09:17", "11:43", ALICE), ALICE);
        accepted(room, windows(room, day, "09:00", "12:00", BOB), BOB);
        accepted(room, windows(room, day, "10:00", "11:43", CAROL), CAROL);
        await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("SlotsProposed"));
        // The event holds numbered proposals sealed to the room's key; a participant reads their times from the service.
        assertThat(service.lastEvent(room.value(), "SlotsProposed").toString())
                .doesNotContain(at(day, "10:00").toString()).doesNotContain(at(day, "11:00").toString());
        HttpResponse<String> proposals = get("/internal/rooms/" + room.value() + "/proposals", BOB);
        assertThat(proposals.statusCode()).isEqualTo(200);
        JsonNode first = EnclaveJson.mapper().readTree(proposals.body()).path("proposals").get(0);
        TimeWindow bestSlot = EnclaveJson.mapper().treeToValue(first.path("slot"), TimeWindow.class);
        assertThat(bestSlot.start()).isEqualTo(at(day, "10:00"));
        int best = first.path("number").asInt();
        assertThat(best).isEqualTo(1);
        assertThat(get("/internal/rooms/" + room.value() + "/proposals", "U0EVE").statusCode()).isEqualTo(404);
        // While the room is open, a participant sees what everyone shared, with their own token; anyone else gets a 404.
        HttpResponse<String> shared = get("/internal/rooms/" + room.value() + "/windows", CAROL);
        assertThat(shared.statusCode()).isEqualTo(200);
        JsonNode sharedByBob = EnclaveJson.mapper().readTree(shared.body()).path("windows").get(1);
        assertThat(sharedByBob.path("participant").asText()).isEqualTo(BOB);
        assertThat(sharedByBob.path("windows").get(0).path("start").asText()).isEqualTo(at(day, "09:00").toString());
        theWindowsAnswerOnlyTheTokensPerson(room.value());
        // The receipt signer is stuck: its processor stops before the room resolves.
        TrackingEventProcessor issuer = service.context().getBean(EventProcessingConfiguration.class)
                .eventProcessor(RoomReceipts.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        issuer.shutDown();
        for (String person : List.of(ALICE, BOB, CAROL)) {
            accepted(room, new AcceptSlot(room, best), person);
        }

        assertThat(service.eventTypes(room.value())).containsSequence("SlotAccepted", "SlotAccepted", "SlotAccepted",
                "CoordinationResolved");
        assertThat(service.lastEvent(room.value(), "CoordinationResolved").path("slot").path("start").asText())
                .isEqualTo(at(day, "10:00").toString());
        HttpResponse<String> afterwards = get("/internal/rooms/" + room.value() + "/windows", CAROL);
        assertThat(afterwards.statusCode()).isEqualTo(409);
        assertThat(get("/internal/rooms/" + room.value() + "/proposals", CAROL).statusCode()).isEqualTo(409);
        assertThat(afterwards.body()).contains("windows are shown only while a room is open");
        // The room's key goes on resolution, signer or not; the receipt comes later and verifies over the sealed stream.
        await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("CoordinationDataShredded"));
        assertThat(service.eventTypes(room.value())).endsWith("CoordinationResolved", "CoordinationDataShredded")
                .doesNotContain("ReceiptIssued");
        assertThat(service.database.queryForObject("select key_material is null and destroyed_at is not null "
                + "from coordination.room_key where room_id = ?", Boolean.class, room.value())).isTrue();
        issuer.start();
        await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("ReceiptIssued"));
        assertThat(service.eventTypes(room.value())).endsWith("CoordinationDataShredded", "ReceiptIssued");
        HttpResponse<String> receipt = get("/internal/receipts/" + room.value(), CAROL);
        HttpResponse<String> exported = get("/internal/receipts/" + room.value() + "/events", CAROL);
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        JsonNode document = EnclaveJson.mapper().readTree(receipt.body());
        assertThat(document.path("purpose").asText()).isEqualTo("quarterly planning");
        assertThat(document.path("participants")).hasSize(3);
        assertThat(document.path("outcome").path("slot").path("start").asText()).isEqualTo(at(day, "10:00").toString());
        assertThat(exported.body().lines().count()).isEqualTo(service.eventTypes(room.value()).size() - 1);
        assertThat(verify(receipt.body(), exported.body())).as("%s", verifierOutput).isZero();
        String tampered = exported.body().replaceFirst("quarterly planning", "quarterly plannin9");
        assertThat(verify(receipt.body(), tampered)).isEqualTo(1);
        assertThat(verifierOutput.toString()).contains("the history was changed");
        theReceiptExportsAnswerOnlyTheirHolders(room.value(), exported.body());
        assertThat(receiptsSigned()).isEqualTo(1.0);
        // Every event delivered again to the issuer (its processor replayed from the start): still one receipt.
        issuer.shutDown();
        issuer.resetTokens();
        issuer.start();
        long head = service.database.queryForObject("select max(globalindex) from coordination.domainevententry",
                Long.class);
        await().atMost(PATIENCE).until(() -> !issuer.processingStatus().isEmpty() && issuer.processingStatus()
                .values().stream().allMatch(status -> status.getCurrentPosition().orElse(-1) >= head));
        assertThat(service.eventTypes(room.value())).containsOnlyOnce("ReceiptIssued");
        assertThat(receiptsSigned()).as("the issuer found the receipt recorded and signed nothing").isEqualTo(1.0);

        JsonNode metadata = service.firstMetadata(room.value(), "CoordinationCreated");
        assertThat(metadata.path("actor").asText()).isEqualTo(ALICE);
        assertThat(metadata.path("via").asText()).isEqualTo("kafka:coordination-test");
        // Every stored event of the room reaches coordination.events, keyed by the room.
        int stored = service.eventTypes(room.value()).size();
        List<ConsumerRecord<String, String>> published = new ArrayList<>();
        try (KafkaConsumer<String, String> events = consumer()) {
            events.subscribe(List.of(service.topics.coordinationEvents()));
            await().atMost(PATIENCE).until(() -> {
                events.poll(Duration.ofMillis(200)).forEach(published::add);
                return published.stream().filter(r -> room.value().equals(r.key())).count() >= stored;
            });
        }
    }

    /** People of their own, so no other test's invitations count towards Frank's rate. */
    @Test
    void aRateLimitedInvitationAbortsTheRoomForEveryoneThroughKafka() throws Exception {
        String dave = "U0DAVE";
        String erin = "U0ERIN";
        String frank = "U0FRANK";
        CommandResult nonsense = service.execute(frank, new SetInboundRateLimit(UserId.of(frank), 0), frank);
        assertThat(nonsense.status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(nonsense.reason()).contains("an inbound rate limit is 1 to 1000 invitations per sender and hour, not 0");
        assertThat(service.eventTypes(frank)).isEmpty();
        accepted(frank, new SetInboundRateLimit(UserId.of(frank), 1), frank);
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        CoordinationId first = CoordinationId.random();
        CoordinationId second = CoordinationId.random();

        accepted(first, roomOf(first, day, erin, frank), dave);
        await().atMost(PATIENCE).until(() -> service.eventTypes(first.value()).stream()
                .filter("ParticipationApprovalRequested"::equals).count() == 2);
        accepted(second, roomOf(second, day, erin, frank), dave);

        await().atMost(PATIENCE).until(() -> service.eventTypes(second.value()).contains("CoordinationAborted"));
        JsonNode aborted = service.lastEvent(second.value(), "CoordinationAborted");
        assertThat(aborted.path("reason").asText()).isEqualTo("policy-refused");
        assertThat(aborted.path("by").asText()).isEqualTo(frank);
        assertThat(aborted.path("detail").asText()).isEqualTo("inbound-rate-limit");
        assertThat(aborted.path("explanation").asText()).startsWith("U0DAVE sent U0FRANK more than 1 invitations");
        assertThat(service.eventTypes(frank)).containsExactly("InboundRateLimitSet", "InvitationEvaluated",
                "InvitationRateLimited");
        assertThat(service.lastEvent(frank, "InvitationRateLimited").path("sender").asText()).isEqualTo(dave);
        assertThat(service.eventTypes(first.value())).doesNotContain("CoordinationAborted");
    }

    private static CreateCoordination roomOf(CoordinationId room, Instant day, String... invited) {
        return new CreateCoordination(room, CoordinationType.MEETING_SYNC, new Purpose("rate-limited"),
                java.util.Arrays.stream(invited).map(UserId::of).toList(), MeetingDuration.ofMinutes(30),
                new SearchRange(day, day.plus(Duration.ofDays(2))), null, null);
    }

    @Test
    void badRequestsAreAnsweredWithTheReasonAndStoreNothing() throws Exception {
        CoordinationId room = CoordinationId.random();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        var tooFew = new CreateCoordination(room, CoordinationType.MEETING_SYNC, new Purpose("a pair"),
                List.of(UserId.of(BOB)), MeetingDuration.ofMinutes(30),
                new SearchRange(day, day.plus(Duration.ofDays(2))), null, null);

        CommandResult rejected = service.execute(room.value(), tooFew, ALICE);

        assertThat(rejected.status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(rejected.reason()).contains("at least 3 people");
        assertThat(service.eventTypes(room.value())).isEmpty();

        CommandResult notThere = service.execute(room.value(), new ApproveParticipation(room), CAROL);
        assertThat(notThere.reason()).isEqualTo("no coordination room '" + room.value() + "'");

        // A team-enclave command on this service's topic is refused with where it belongs.
        UUID misrouted = UUID.randomUUID();
        service.channel.sendRaw(service.topics.coordinationCommands(), "growth", EnclaveJson.mapper().writeValueAsString(
                service.channel.envelope(misrouted, ProvisionEnclave.class.getSimpleName(), "{}", null, ALICE)));
        await().atMost(PATIENCE).until(() -> !service.channel.resultsFor(misrouted).isEmpty());
        assertThat(service.channel.resultsFor(misrouted).get(0).reason()).isEqualTo("ProvisionEnclave is a "
                + "team-enclave command: send it to " + service.topics.commands() + ", not "
                + service.topics.coordinationCommands());
        // the dead letter is a record of its own topic: it may arrive after the result
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(service.channel.deadLetters())
                .anySatisfy(d -> assertThat(d.reason()).contains("ProvisionEnclave")));
    }

    /**
     * The room's key is written in the command's transaction: a room refused after the checks that come before the
     * key (here, its time limit) leaves no key row, as it leaves no event; an accepted one has its key.
     */
    @Test
    void aRefusedRoomLeavesNoKeyAndNoEvent() throws Exception {
        CoordinationId refusedRoom = CoordinationId.random();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));

        CommandResult refused = service.execute(refusedRoom.value(), create(refusedRoom, day, Duration.ofDays(30)),
                ALICE);

        assertThat(refused.status()).isEqualTo(CommandResult.Status.REJECTED);
        assertThat(refused.reason()).contains("the time limit must be positive and at most");
        assertThat(service.eventTypes(refusedRoom.value())).isEmpty();
        assertThat(keyRows(refusedRoom)).isZero();

        CoordinationId room = CoordinationId.random();
        CommandResult created = service.execute(room.value(), create(room, day, Duration.ofHours(48)), ALICE);
        assertThat(created.status()).as(created.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(service.eventTypes(room.value())).startsWith("CoordinationCreated");
        assertThat(keyRows(room)).isOne();
    }

    private static int keyRows(CoordinationId room) {
        return service.database.queryForObject("select count(*) from coordination.room_key where room_id = ?",
                Integer.class, room.value());
    }

    /** A room created without an id is named for the command (room-<command id>): a resend names the same room. */
    @Test
    void aRoomCreatedWithoutAnIdIsNamedForItsCommandAndTheResultSaysWhich() throws Exception {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        com.fasterxml.jackson.databind.node.ObjectNode payload = EnclaveJson.mapper()
                .valueToTree(create(CoordinationId.random(), day, Duration.ofHours(48)));
        payload.remove("coordinationId");
        UUID commandId = UUID.randomUUID();
        var envelope = service.channel.envelope(commandId, "CreateCoordination", payload.toString(), null, ALICE);

        service.channel.send(null, envelope);
        await().atMost(PATIENCE).until(() -> !service.channel.resultsFor(commandId).isEmpty());
        CommandResult created = service.channel.resultsFor(commandId).get(0);
        assertThat(created.accepted()).as(created.reason()).isTrue();
        assertThat(created.aggregateId()).isEqualTo("room-" + commandId);
        assertThat(service.eventTypes("room-" + commandId)).contains("CoordinationCreated");

        // the same command again (a retry): the same room, not created twice (the approvals the room's saga asks
        // for meanwhile are events of their own, whenever they come)
        service.channel.send(null, service.channel.envelope(commandId, "CreateCoordination", payload.toString(), null,
                ALICE));
        await().atMost(PATIENCE).until(() -> service.channel.resultsFor(commandId).size() == 2);
        assertThat(service.channel.resultsFor(commandId).get(1).aggregateId()).isEqualTo("room-" + commandId);
        assertThat(service.eventTypes("room-" + commandId)).filteredOn("CoordinationCreated"::equals).hasSize(1);
    }

    /**
     * The attacker's tries at an open room's windows: naming a participant in {@code ?reader=} gets nothing without
     * a token, and nothing with a token of one's own; a participant's token answers that participant, whoever the
     * parameter names; a token the suite's issuer did not sign is refused.
     */
    private static void theWindowsAnswerOnlyTheTokensPerson(String room) throws Exception {
        String namingBob = "/internal/rooms/" + room + "/windows?reader=" + BOB;
        HttpResponse<String> anonymous = send(namingBob, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(anonymous.body()).doesNotContain("09:00").contains("bearer token");

        HttpResponse<String> eve = get(namingBob, "U0EVE");
        assertThat(eve.statusCode()).isEqualTo(404);
        assertThat(eve.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(eve.body()).isEqualTo(get("/internal/rooms/" + CoordinationId.random().value() + "/windows",
                "U0EVE").body().replaceAll("room-[0-9a-f-]+", room)).doesNotContain("09:00");

        HttpResponse<String> bob = get("/internal/rooms/" + room + "/windows?reader=" + CAROL, BOB);
        assertThat(bob.statusCode()).isEqualTo(200);
        assertThat(bob.body()).isEqualTo(get("/internal/rooms/" + room + "/windows", BOB).body());

        // signed with a key of the right kind that the service has never seen: what a forger could make
        String forged = LocalTokenIssuer.generate().mint(BOB, Instant.now(), Duration.ofMinutes(5));
        assertThat(send(namingBob, forged).statusCode()).isEqualTo(401);
    }

    /** The same tries at a receipt and its export: only the holder's own token opens them, {@code ?holder=} or not. */
    private static void theReceiptExportsAnswerOnlyTheirHolders(String room, String carolsExport) throws Exception {
        for (String path : List.of("/internal/receipts/" + room, "/internal/receipts/" + room + "/events")) {
            HttpResponse<String> anonymous = send(path + "?holder=" + CAROL, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            HttpResponse<String> eve = get(path + "?holder=" + CAROL, "U0EVE");
            assertThat(eve.statusCode()).as(path).isEqualTo(404);
            assertThat(eve.body()).doesNotContain("quarterly planning");
            assertThat(get(path.replace(room, CoordinationId.random().value()), CAROL).statusCode()).isEqualTo(404);
        }
        // Bob holds a receipt of his own: naming Carol still answers Bob's, which covers the same events
        HttpResponse<String> bobsExport = get("/internal/receipts/" + room + "/events?holder=" + CAROL, BOB);
        assertThat(bobsExport.statusCode()).isEqualTo(200);
        assertThat(bobsExport.body()).isEqualTo(carolsExport);
    }

    /** enclave_receipts_issued_total of rooms, from the service's Prometheus scrape on the management port. */
    private static double receiptsSigned() throws Exception {
        return PrometheusScrape.of(management("/actuator/prometheus").body())
                .value("enclave_receipts_issued_total", java.util.Map.of("kind", "coordination")).orElse(0);
    }

    /** A request to the service's public port as {@code person}, with a token the suite's local issuer signed. */
    private static HttpResponse<String> get(String path, String person) throws Exception {
        return send(path, ApiTokens.tokenFor(person));
    }

    private static HttpResponse<String> send(String path, String token) throws Exception {
        int port = ((WebServerApplicationContext) service.context()).getWebServer().getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> management(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + service.managementPort() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final StringWriter verifierOutput = new StringWriter();

    /** The offline verifier, as a holder runs it: the receipt, the issuer's published key, the exported events. */
    private static int verify(String receipt, String events) throws Exception {
        Path folder = Files.createTempDirectory("receipt-check");
        Path receiptFile = Files.writeString(folder.resolve("receipt.json"), receipt);
        Path eventsFile = Files.writeString(folder.resolve("events.ndjson"), events);
        JwkSet keys = new JwkSet(List.of(VerificationKeyFile.read(TestInfrastructure.RECEIPT_KEY_FILE)));
        Path keysFile = Files.writeString(folder.resolve("keys.json"), keys.toJson().toString());
        verifierOutput.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new VerifyReceipt());
        cli.setOut(new PrintWriter(verifierOutput, true));
        cli.setErr(new PrintWriter(verifierOutput, true));
        return cli.execute(receiptFile.toString(), "--keys", keysFile.toString(), "--events", eventsFile.toString());
    }

    private static JsonNode authorizationOf(CoordinationId room, String participant) throws Exception {
        List<byte[]> payloads = service.database.queryForList("""
                        select payload from coordination.domainevententry
                        where aggregateidentifier = ? and payloadtype like '%.ParticipationAuthorized'""",
                byte[].class, room.value());
        for (byte[] payload : payloads) {
            JsonNode event = EnclaveJson.mapper().readTree(payload);
            if (event.path("participant").asText().equals(participant)) {
                return event;
            }
        }
        throw new AssertionError(participant + " was not authorized in " + room);
    }

    static CreateCoordination create(CoordinationId room, Instant day, Duration timeLimit) {
        return new CreateCoordination(room, CoordinationType.MEETING_SYNC, new Purpose("quarterly planning"),
                List.of(UserId.of(BOB), UserId.of(CAROL)), MeetingDuration.ofMinutes(30),
                new SearchRange(day, day.plus(Duration.ofDays(2))), timeLimit, null);
    }

    /** One window, sealed by {@code who}'s agent to the room's key. */
    static SubmitWindows windows(CoordinationId room, Instant day, String from, String to, String who) throws Exception {
        return service.sealedWindows(room, who, List.of(new TimeWindow(at(day, from), at(day, to), Confidence.HIGH)));
    }

    static Instant at(Instant day, String hhmm) {
        String[] parts = hhmm.split(":");
        return day.plus(Duration.ofHours(Long.parseLong(parts[0]))).plus(Duration.ofMinutes(Long.parseLong(parts[1])));
    }

    static void accepted(CoordinationId room, Object command, String actor) throws Exception {
        accepted(room.value(), command, actor);
    }

    static void accepted(String key, Object command, String actor) throws Exception {
        CommandResult result = service.execute(key, command, actor);
        assertThat(result.status()).as("%s by %s: %s", command.getClass().getSimpleName(), actor, result.reason())
                .isEqualTo(CommandResult.Status.ACCEPTED);
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.infrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, service.topics.prefix() + "events-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
