package io.enclavesuite.query.parked;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.ctl.EnclaveCtl;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read side as an attacker and a bad deploy meet it: records on the event topics that name a class outside the
 * suite's events, that cannot be read, or that a handler fails on. Each is parked in the read models' dead letters
 * with the reason, never loaded; the read models go on with the following events; the operator lists, retries (after
 * the fix) and drops them with {@code enclavectl dead-letters}. The real service on real PostgreSQL and Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParkedEventsTest {

    private static final String OPERATOR = "U0OPS";
    private static final String OWNER = "U0ALICE";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> READ_MODELS = List.of("enclaves", "history", "receipts", "rooms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POISONED_ROOM = "room-00000000-0000-4000-8000-00000000dead";
    private static final String HEALTHY_ROOM = "room-00000000-0000-4000-8000-00000000beef";

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final String jdbcUrl = infrastructure.newDatabase();
    private final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build();
    private final DefaultKafkaMessageConverter writer = DefaultKafkaMessageConverter.builder()
            .serializer(serializer).build();
    private final HttpClient http = HttpClient.newHttpClient();
    private JdbcTemplate database;
    private KafkaProducer<String, byte[]> producer;
    private ConfigurableApplicationContext readSide;
    private String management;

    @BeforeAll
    void start() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            // as the platform makes them: keeping every record (the read side refuses to start otherwise)
            admin.createTopics(List.of(
                    new NewTopic(topics.enclaveEvents(), 2, (short) 1).configs(TopicNames.KEEP_EVERYTHING),
                    new NewTopic(topics.coordinationEvents(), 2, (short) 1).configs(TopicNames.KEEP_EVERYTHING)))
                    .all().get();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        List<String> args = new ArrayList<>();
        infrastructure.springProperties(jdbcUrl, topics.prefix())
                .forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--server.port=0");
        args.add("--enclave.api.auth.operators=" + OPERATOR);
        readSide = EnclaveQueryApplication.application().sources(BreakableReadModel.class)
                .run(args.toArray(String[]::new));
        management = "http://localhost:" + readSide.getEnvironment().getProperty("local.management.port");
    }

    @AfterAll
    void stop() {
        if (readSide != null) {
            readSide.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void aRecordNamingAClassOutsideTheSuitesEventsIsParkedNeverLoadedAndTheReadModelsGoOn() throws Exception {
        send(retyped(record("intruded", 0, provisioning("intruded")), "io.enclavesuite.query.parked.Detonator"));
        send(retyped(record("forged", 0, provisioning("forged")),
                "java.net.URL\n2026-12-06T10:00:00Z INFO enclave-query: all records verified"));
        send(record("after-attack", 0, provisioning("after-attack")));

        await().atMost(PATIENCE).until(() -> enclaveExists("after-attack"));
        await().atMost(PATIENCE).until(() -> parked("intruded").size() == READ_MODELS.size()
                && parked("forged").size() == READ_MODELS.size());
        assertThat(System.getProperty("io.enclavesuite.query.parked.Detonator")).as("the gadget's initialiser ran")
                .isNull();
        assertThat(enclaveExists("intruded")).isFalse();
        for (JsonNode event : parked("intruded")) {
            assertThat(event.path("type").asText()).isEqualTo("\"io.enclavesuite.query.parked.Detonator\"");
            assertThat(event.path("reason").asText()).matches("refused record " + topics.enclaveEvents().replace(".",
                    "\\.") + "-\\d+@\\d+: event type \"io\\.enclavesuite\\.query\\.parked\\.Detonator\" is not one of "
                    + "the suite's events");
            assertThat(event.path("eventId").asText()).startsWith("unreadable:" + topics.enclaveEvents());
        }
        assertThat(parked("forged")).allSatisfy(event -> assertThat(event.path("reason").asText())
                .doesNotContain("\n").contains("\"java.net.URL\\n2026-12-06T10:00:00Z INFO"));

        // the operator sees them and drops the intruder's record from every read model
        Ctl list = enclavectl("dead-letters", "list");
        assertThat(list.exitCode).isZero();
        assertThat(list.out).contains("io.enclavesuite.query.parked.Detonator").contains("aggregate intruded #0");
        for (JsonNode event : parked("intruded")) {
            Ctl drop = enclavectl("dead-letters", "drop", event.path("group").asText(),
                    event.path("eventId").asText());
            assertThat(drop.exitCode).as(drop.err).isZero();
        }
        assertThat(parked("intruded")).isEmpty();
        assertThat(enclavectl("dead-letters", "drop", "enclaves", "unreadable:no-such-record").exitCode)
                .isEqualTo(EnclaveCtl.REJECTED);
        // and the forger's, with everything else parked so far
        for (String readModel : READ_MODELS) {
            Ctl dropAll = enclavectl("dead-letters", "drop", readModel, "--all");
            assertThat(dropAll.exitCode).as(dropAll.err).isZero();
            assertThat(dropAll.out).isEqualTo(readModel + ": dropped 1\n");
        }
        assertThat(parked("forged")).isEmpty();
    }

    @Test
    @Order(2)
    void anEventAHandlerFailsOnIsParkedWithItsAggregatesLaterEventsAndGoesThroughWhenRetriedAfterTheFix()
            throws Exception {
        BreakableReadModel memberIndex = readSide.getBean(BreakableReadModel.class);
        memberIndex.breakFor("poisoned");
        send(record("poisoned", 0, provisioning("poisoned")));
        send(record("poisoned", 1, member("poisoned", "U0BOB")));
        send(record("poisoned", 2, member("poisoned", "U0CAROL")));
        send(record("healthy", 0, provisioning("healthy")));
        send(record("healthy", 1, member("healthy", "U0BOB")));

        // the same read model's other enclaves, and the other read models, go on
        await().atMost(PATIENCE).until(() -> members("healthy").contains("U0BOB"));
        await().atMost(PATIENCE).until(() -> historyOf("poisoned") == 3);
        // the failed event, and the one behind it, wait in order in the enclaves read model's dead letters
        await().atMost(PATIENCE).until(() -> parked("poisoned").size() == 2);
        List<JsonNode> parked = parked("poisoned");
        assertThat(parked).extracting(event -> event.path("group").asText()).containsOnly("enclaves");
        assertThat(parked).extracting(event -> event.path("aggregateSequence").asLong()).containsExactly(1L, 2L);
        assertThat(parked.get(0).path("reason").asText())
                .isEqualTo("cannot register U0BOB in poisoned: the member index is corrupt");
        assertThat(parked.get(0).path("type").asText()).isEqualTo(MemberRegistered.class.getName());
        assertThat(parked.get(1).path("reason").asText())
                .isEqualTo("waits behind an earlier parked event of the same aggregate");
        assertThat(members("poisoned")).doesNotContain("U0CAROL");
        assertThat(health()).contains("\"enclaves\":2");

        Ctl tooEarly = enclavectl("dead-letters", "retry", "enclaves");
        assertThat(tooEarly.exitCode).as(tooEarly.out + tooEarly.err).isEqualTo(EnclaveCtl.REJECTED);
        assertThat(parked("poisoned")).hasSize(2);

        memberIndex.fix();
        Ctl retry = enclavectl("dead-letters", "retry", "enclaves");

        assertThat(retry.exitCode).as(retry.out + retry.err).isZero();
        assertThat(retry.out).contains("enclaves: 1 aggregate(s) went through, 0 still parked");
        assertThat(members("poisoned")).contains("U0BOB", "U0CAROL");
        assertThat(parked("poisoned")).isEmpty();
    }

    @Test
    @Order(3)
    void anEventWhosePayloadCannotBeReadIsParkedAndTheOthersGoOn() throws Exception {
        ProducerRecord<String, byte[]> garbled = record("garbled", 0, member("garbled", "U0BOB"));
        send(new ProducerRecord<>(garbled.topic(), null, garbled.key(),
                "{\"enclaveId\":\"garbled\",\"member\":".getBytes(StandardCharsets.UTF_8), garbled.headers()));
        send(record("after-garble", 0, provisioning("after-garble")));

        await().atMost(PATIENCE).until(() -> enclaveExists("after-garble"));
        // the read models that handle the type park it; those that do not never read it
        await().atMost(PATIENCE).until(() -> parked("garbled").size() == 2);
        assertThat(parked("garbled")).extracting(event -> event.path("group").asText())
                .containsExactlyInAnyOrder("enclaves", "history");
        assertThat(parked("garbled")).allSatisfy(event -> assertThat(event.path("reason").asText()).isNotBlank());
    }

    @Test
    @Order(4)
    void onlyOperatorsSeeOrTouchParkedEvents() throws Exception {
        assertThat(call("GET", "/actuator/deadletters", ApiTokens.tokenFor(OWNER)).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/actuator/deadletters/enclaves", ApiTokens.tokenFor(OWNER)).statusCode())
                .isEqualTo(403);
        assertThat(call("DELETE", "/actuator/deadletters/enclaves", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/actuator/deadletters/no-such-group", ApiTokens.tokenFor(OPERATOR)).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/actuator/prometheus", null).body())
                .contains("enclave_read_side_dead_letters{application=\"enclave-query\",processing_group=\"history\"}");
    }

    /** A rebuild empties the dead letters with the tables, then meets each poison record again. */
    @Test
    @Order(5)
    void aRebuildStartsTheDeadLettersOverWithTheReadModels() throws Exception {
        assertThat(parked("garbled")).hasSize(2);
        HttpResponse<String> started = call("POST", "/actuator/replay/projections", ApiTokens.tokenFor(OPERATOR));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> call("GET", "/actuator/replay/projections", ApiTokens.tokenFor(OPERATOR))
                .body().contains("\"done\""));

        await().atMost(PATIENCE).until(() -> parked("intruded").size() == READ_MODELS.size()
                && parked("garbled").size() == 2);
        assertThat(parked("poisoned")).isEmpty();
        assertThat(members("poisoned")).contains("U0BOB", "U0CAROL");
        assertThat(enclaveExists("after-attack")).isTrue();
    }

    /**
     * The rooms read model writes as it handles: its failing statement is undone under a savepoint, so the event is
     * parked (before, it aborted the processor's transaction and every read model stood still on the batch).
     */
    @Test
    @Order(6)
    void aRoomWhoseRowTheDatabaseRefusesIsParkedAndTheRoomsAfterItGoOn() throws Exception {
        database.execute("""
                create function enclave_query.refuse_poisoned_room() returns trigger language plpgsql as $$
                begin
                    if new.room_id = 'room-00000000-0000-4000-8000-00000000dead' then
                        raise exception 'the rooms table refuses the poisoned room';
                    end if;
                    return new;
                end $$""");
        database.execute("""
                create trigger refuse_poisoned_room before insert on enclave_query.room
                for each row execute function enclave_query.refuse_poisoned_room()""");
        send(roomRecord(POISONED_ROOM));
        send(roomRecord(HEALTHY_ROOM));
        send(record("after-room", 0, provisioning("after-room")));

        await().atMost(PATIENCE).until(() -> roomExists(HEALTHY_ROOM) && enclaveExists("after-room"));
        await().atMost(PATIENCE).until(() -> parked(POISONED_ROOM).size() == 1);
        assertThat(parked(POISONED_ROOM).get(0).path("group").asText()).isEqualTo("rooms");
        assertThat(parked(POISONED_ROOM).get(0).path("reason").asText())
                .contains("the rooms table refuses the poisoned room");
        assertThat(roomExists(POISONED_ROOM)).isFalse();
        assertThat(historyOf(POISONED_ROOM)).as("the history read model is not held up").isOne();

        database.execute("drop trigger refuse_poisoned_room on enclave_query.room");
        // the refused records the rebuild parked again stay (a retry never loads them); the room goes through
        Ctl retry = enclavectl("dead-letters", "retry", "rooms");
        assertThat(retry.out).as(retry.err).contains("rooms: 1 aggregate(s) went through");
        assertThat(roomExists(POISONED_ROOM)).isTrue();
        assertThat(parked(POISONED_ROOM)).isEmpty();
    }

    private boolean roomExists(String room) {
        return !database.queryForList("select room_id from enclave_query.room where room_id = ?", String.class, room)
                .isEmpty();
    }

    /** A room's first event, as coordination-service's publisher puts it on its topic. */
    private ProducerRecord<String, byte[]> roomRecord(String room) {
        CoordinationCreated created = new CoordinationCreated(CoordinationId.of(room), CoordinationType.MEETING_SYNC,
                new Purpose("planning"), UserId.of(OWNER), List.of(UserId.of(OWNER), UserId.of("U0BOB")),
                MeetingDuration.ofMinutes(30), new SearchRange(Instant.parse("2026-12-07T08:00:00Z"),
                Instant.parse("2026-12-08T18:00:00Z")), Instant.now().plus(Duration.ofHours(48)), null, Instant.now(), null);
        return writer.createKafkaMessage(new GenericDomainEventMessage<>("Coordination", room, 0, created,
                MetaData.with("actor", OWNER), UUID.randomUUID().toString(), Instant.now()), topics.coordinationEvents());
    }

    private record Ctl(int exitCode, String out, String err) {
    }

    private Ctl enclavectl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--management-url", management, "--token", ApiTokens.tokenFor(OPERATOR)));
        int exitCode = EnclaveCtl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Ctl(exitCode, out.toString(), err.toString());
    }

    private List<JsonNode> parked(String aggregate) throws Exception {
        JsonNode report = JSON.readTree(call("GET", "/actuator/deadletters", ApiTokens.tokenFor(OPERATOR)).body());
        return StreamSupport.stream(report.path("events").spliterator(), false)
                .filter(event -> event.path("sequence").asText().equals(aggregate)).toList();
    }

    private String health() throws Exception {
        return call("GET", "/actuator/health/parked", null).body();
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(management + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private boolean enclaveExists(String name) {
        return !database.queryForList("select name from enclave_query.enclave where name = ?", String.class, name)
                .isEmpty();
    }

    private List<String> members(String enclave) {
        return database.queryForList("select member from enclave_query.enclave_member where enclave = ?",
                String.class, enclave);
    }

    private int historyOf(String aggregate) {
        Integer rows = database.queryForObject("select count(*) from enclave_query.event_history where aggregate_id = ?",
                Integer.class, aggregate);
        return rows == null ? 0 : rows;
    }

    private static EnclaveProvisioningStarted provisioning(String enclave) {
        return new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of("C0" + enclave.toUpperCase().replace("-", "")), enclave), UserId.of(OWNER),
                QuotaPreset.DEFAULT, Mode.DEFAULT, "enclave-" + enclave, Instant.now());
    }

    private static MemberRegistered member(String enclave, String member) {
        return new MemberRegistered(EnclaveId.of(enclave), UserId.of(member), Instant.now());
    }

    /** The event as the write side's publisher puts it on the topic. */
    private ProducerRecord<String, byte[]> record(String aggregate, long sequence, Object event) {
        return writer.createKafkaMessage(new GenericDomainEventMessage<>("Enclave", aggregate, sequence, event,
                MetaData.with("actor", OWNER), UUID.randomUUID().toString(), Instant.now()), topics.enclaveEvents());
    }

    private static ProducerRecord<String, byte[]> retyped(ProducerRecord<String, byte[]> record, String type) {
        record.headers().remove("axon-message-type");
        record.headers().add("axon-message-type", type.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void send(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }
}
