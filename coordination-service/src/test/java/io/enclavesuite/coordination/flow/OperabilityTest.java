package io.enclavesuite.coordination.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AddAutonomyRule;
import io.enclavesuite.api.coordination.AutonomyRule;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.RuleKind;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of coordination-service, on the real service with commands through Kafka: the intake's
 * counters, saga steps, processor lag and Kafka consumer metrics on {@code /actuator/prometheus}, the probes' health
 * groups — on the management port, not the public one — and JSON log lines (the {@code json-logs} profile) that carry a command's trace id.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperabilityTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";

    private static RunningCoordinationService service;

    @BeforeAll
    static void start() {
        service = new RunningCoordinationService().start("--spring.profiles.active=json-logs",
                "--logging.level.io.enclavesuite.write.intake.CommandDeduplication=DEBUG",
                "--logging.level.io.enclavesuite.operability.SagaSteps=DEBUG");
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void commandsAreCountedByTypeAndOutcomeWithoutTheirReasonsText() throws Exception {
        Map<String, String> acceptedRule = Map.of("type", "AddAutonomyRule", "outcome", "accepted", "reason", "none");
        Map<String, String> refusedRoom = Map.of("type", "CreateCoordination", "outcome", "rejected", "reason", "refused");
        Map<String, String> unknownType = Map.of("type", "unknown", "outcome", "dead_lettered", "reason", "unknown_type");
        PrometheusScrape before = scrape();

        CommandResult accepted = service.execute(BOB, new AddAutonomyRule(UserId.of(BOB), new AutonomyRule(
                "rule-" + UUID.randomUUID().toString().substring(0, 8), RuleKind.FROM_PEOPLE,
                List.of(UserId.of(ALICE)), null)), BOB);
        CommandResult rejected = service.execute("room-x", tooFewPeople(), ALICE);
        UUID madeUp = UUID.randomUUID();
        service.channel.sendRaw(service.topics.coordinationCommands(), "x", EnclaveJson.mapper().writeValueAsString(
                service.channel.envelope(madeUp, "ReticulateSplines-" + madeUp, "{}", null, ALICE)));
        await().atMost(PATIENCE).until(() -> !service.channel.resultsFor(madeUp).isEmpty());

        assertThat(accepted.status()).isEqualTo(CommandResult.Status.ACCEPTED);
        assertThat(rejected.status()).isEqualTo(CommandResult.Status.REJECTED);
        PrometheusScrape after = scrape();
        for (Map<String, String> series : List.of(acceptedRule, refusedRoom, unknownType)) {
            assertThat(after.value("enclave_intake_commands_total", series)).as("%s", series)
                    .hasValue(before.value("enclave_intake_commands_total", series).orElse(0) + 1);
        }
        assertThat(after.find("enclave_intake_commands_total", Map.of()))
                .allSatisfy(sample -> assertThat(sample.labels().keySet())
                        .containsExactlyInAnyOrder("application", "type", "outcome", "reason"));
        // what the sender wrote never becomes a label: not the refusal's text, not a made-up type
        assertThat(after.text()).doesNotContain(rejected.reason()).doesNotContain("ReticulateSplines");
    }

    @Test
    void aResentCommandIdIsCountedAsRepeated() throws Exception {
        UUID commandId = UUID.randomUUID();
        String payload = EnclaveJson.mapper().writeValueAsString(new AddAutonomyRule(UserId.of(ALICE),
                new AutonomyRule("resent", RuleKind.FROM_PEOPLE, List.of(UserId.of(BOB)), null)));
        double before = scrape().value("enclave_intake_commands_total",
                Map.of("type", "AddAutonomyRule", "outcome", "repeated", "reason", "none")).orElse(0);

        for (int sent = 1; sent <= 2; sent++) {
            service.channel.send(ALICE, service.channel.envelope(commandId, "AddAutonomyRule", payload, null, ALICE));
            int answers = sent;
            await().atMost(PATIENCE).until(() -> service.channel.resultsFor(commandId).size() >= answers);
        }

        assertThat(scrape().value("enclave_intake_commands_total",
                Map.of("type", "AddAutonomyRule", "outcome", "repeated", "reason", "none"))).hasValue(before + 1);
    }

    @Test
    void aHandledCommandAndTheSagaStepItLeadsToLogTheCommandsTraceId(CapturedOutput output) throws Exception {
        CoordinationId room = CoordinationId.random();
        CommandResult created = service.execute(room.value(), threePeople(room), ALICE);
        assertThat(created.status()).as(created.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
        String commandId = created.commandId().toString();

        JsonNode handled = await().atMost(PATIENCE).until(() -> jsonLine(output, "CreateCoordination " + commandId),
                Optional::isPresent).orElseThrow();
        assertThat(handled.path("traceId").asText()).isEqualTo(commandId);
        assertThat(handled.path("correlationId").asText()).isEqualTo(commandId);
        // set only by the command bus's interceptor: the intake's own context names the trace, not a message
        assertThat(handled.path("messageId").asText()).isEqualTo(commandId);
        assertThat(handled.path("log").path("level").asText()).isEqualTo("DEBUG");
        assertThat(handled.path("service").path("name").asText()).isEqualTo("coordination-service");

        // the authorization saga evaluates Bob's and Carol's policies on CoordinationCreated: a tracking processor's
        // thread, whose lines carry the trace of the command that created the room
        JsonNode sagaStep = await().atMost(PATIENCE).until(() -> jsonLines(output).stream()
                        .filter(line -> line.path("message").asText().equals(
                                "saga authorization: step evaluate-policy succeeded"))
                        .filter(line -> line.path("traceId").asText().equals(commandId)).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(sagaStep.path("messageId").asText()).isNotEqualTo(commandId);
        assertThat(sagaStep.path("process").path("thread").path("name").asText()).contains("authorization");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(scrape().value("enclave_saga_steps_total",
                Map.of("saga", "authorization", "step", "evaluate-policy", "outcome", "succeeded")).orElse(0))
                .isGreaterThanOrEqualTo(2));
    }

    @Test
    void processorsReportTheirLagAndKafkaConsumersTheirs() throws Exception {
        CoordinationId room = CoordinationId.random();
        assertThat(service.execute(room.value(), threePeople(room), ALICE).status())
                .isEqualTo(CommandResult.Status.ACCEPTED);

        await().atMost(PATIENCE).untilAsserted(() -> {
            PrometheusScrape scrape = scrape();
            assertThat(scrape.find("enclave_processor_lag_seconds_count", Map.of("processor", "authorization")))
                    .singleElement().satisfies(sample -> assertThat(sample.value()).isGreaterThanOrEqualTo(1));
            assertThat(scrape.find("enclave_processor_lag_seconds_max", Map.of("processor", "authorization")))
                    .singleElement().satisfies(sample -> assertThat(sample.value()).isLessThan(60));
            // the Kafka publisher is a tracking processor over the event store too
            assertThat(scrape.find("enclave_processor_lag_seconds_count",
                    Map.of("processor", "__axon-kafka-event-publishing-group"))).isNotEmpty();
            // the intake's consumer (Spring Kafka) and the enclave directory's (Axon's Kafka source)
            List<String> consumers = scrape.find("kafka_consumer_fetch_manager_records_lag_max", Map.of()).stream()
                    .map(sample -> sample.labels().get("client_id")).distinct().toList();
            assertThat(consumers).anySatisfy(id -> assertThat(id).startsWith("coordination-service-source-"));
            assertThat(consumers).anySatisfy(id -> assertThat(id).doesNotContain("-source-"));
        });
    }

    @Test
    void theProbesAnswerFromTheirGroups() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        JsonNode ready = EnclaveJson.mapper().readTree(readiness.body());
        assertThat(ready.path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db", "kafka", "parkedEvents");
        assertThat(ready.at("/components/kafka/status").asText()).isEqualTo("UP");
        assertThat(ready.at("/components/parkedEvents/status").asText()).isEqualTo("UP");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(EnclaveJson.mapper().readTree(liveness.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void theActuatorAnswersOnTheManagementPortAndNotOnThePublicOne() throws Exception {
        int apiPort = ((WebServerApplicationContext) service.context()).getWebServer().getPort();
        assertThat(service.managementPort()).isNotEqualTo(apiPort);
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/prometheus")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
            HttpResponse<String> onTheApi = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + apiPort
                    + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onTheApi.statusCode()).as(path).isEqualTo(404);
            assertThat(onTheApi.body()).doesNotContain("UP").doesNotContain("enclave_");
        }
    }

    private static CreateCoordination tooFewPeople() {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        CoordinationId room = CoordinationId.random();
        return new CreateCoordination(room, CoordinationType.MEETING_SYNC, new Purpose("a pair"),
                List.of(UserId.of(BOB)), MeetingDuration.ofMinutes(30),
                new SearchRange(day, day.plus(Duration.ofDays(2))), null, null);
    }

    private static CreateCoordination threePeople(CoordinationId room) {
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        return new CreateCoordination(room, CoordinationType.MEETING_SYNC, new Purpose("planning"),
                List.of(UserId.of(BOB), UserId.of("U0CAROL")), MeetingDuration.ofMinutes(30),
                new SearchRange(day, day.plus(Duration.ofDays(2))), null, null);
    }

    private static Optional<JsonNode> jsonLine(CapturedOutput output, String messageStart) {
        return jsonLines(output).stream().filter(line -> line.path("message").asText().startsWith(messageStart))
                .findFirst();
    }

    /** The structured lines of the captured console output (other lines, printed before Spring Boot's, are skipped). */
    private static List<JsonNode> jsonLines(CapturedOutput output) {
        return output.getOut().lines().filter(line -> line.startsWith("{")).map(line -> {
            try {
                return EnclaveJson.mapper().readTree(line);
            } catch (Exception e) {
                throw new AssertionError("a console line is not JSON: " + line, e);
            }
        }).toList();
    }

    private static PrometheusScrape scrape() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        return PrometheusScrape.of(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        int port = service.managementPort(); // the actuator's own port
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
