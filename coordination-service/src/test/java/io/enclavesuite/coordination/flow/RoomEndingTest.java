package io.enclavesuite.coordination.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.AcceptSlot;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.CounterSlot;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.coordination.Withdraw;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.JdbcRoomKeys;
import io.enclavesuite.coordination.windows.SharedWindows;
import io.enclavesuite.coordination.sealing.WindowOpener;
import io.enclavesuite.testsupport.DatabaseScan;
import io.enclavesuite.testsupport.TopicScan;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static io.enclavesuite.coordination.flow.CoordinationServiceFlowTest.at;
import static io.enclavesuite.coordination.flow.CoordinationServiceFlowTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How rooms end without an outcome: the time limit (across a restart) and a withdrawal, each followed by shredding. */
class RoomEndingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void theTimeLimitOfARoomCreatedBeforeARestartFiresAfterIt() throws Exception {
        try (RunningCoordinationService service = new RunningCoordinationService().start()) {
            CoordinationId room = CoordinationId.random();
            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
            // Bob and Carol have no agent policy: they are asked, and the room waits for them.
            ok(service.execute(room.value(), create(room, day, Duration.ofSeconds(12)), "U0ALICE"));
            await().atMost(PATIENCE).until(() -> Collections.frequency(service.eventTypes(room.value()),
                    "ParticipationApprovalRequested") == 2);

            service.stop();
            assertThat(service.eventTypes(room.value())).doesNotContain("CoordinationExpired");
            service.start();

            await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("CoordinationDataShredded"));
            List<String> types = service.eventTypes(room.value());
            assertThat(Collections.frequency(types, "CoordinationExpired")).isEqualTo(1);
            assertThat(types).endsWith("CoordinationExpired", "CoordinationDataShredded");
            assertThat(service.lastEvent(room.value(), "CoordinationExpired").path("at").asText())
                    .isEqualTo(service.lastEvent(room.value(), "CoordinationCreated").path("expiresAt").asText());
        }
    }

    @Test
    void afterRefusalsProposalsCountersAndAWithdrawalNoTableNoTopicAndNoLogHoldsAWindowOrASlotAndNoneOpens()
            throws Exception {
        sharedThenEnded(false);
    }

    /** The same, ended by the time limit instead: a room that simply runs out leaves nothing either. */
    @Test
    void afterProposalsAndCountersAnExpiredRoomLeavesNoWindowOrSlotAnywhere() throws Exception {
        sharedThenEnded(true);
    }

    private void sharedThenEnded(boolean expire) throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
                new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (RunningCoordinationService service = new RunningCoordinationService()
                .start("--coordination.room-key-vacuum-interval=1s")) {
            CoordinationId room = CoordinationId.random();
            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
            // long enough for what the room goes through first, even on a loaded machine
            Duration limit = expire ? Duration.ofSeconds(50) : Duration.ofHours(48);
            ok(service.execute(room.value(), create(room, day, limit), "U0ALICE"));
            await().atMost(PATIENCE).until(() -> Collections.frequency(service.eventTypes(room.value()),
                    "ParticipationApprovalRequested") == 2);
            ok(service.execute(room.value(), new ApproveParticipation(room), "U0BOB"));
            ok(service.execute(room.value(), new ApproveParticipation(room), "U0CAROL"));
            // Minutes no other field of the room has, so any trace of them is a window.
            List<TimeWindow> alice = List.of(new TimeWindow(at(day, "09:17"), at(day, "11:43"), null),
                    new TimeWindow(at(day, "13:07"), at(day, "15:53"), null));
            List<TimeWindow> bob = List.of(new TimeWindow(at(day, "08:19"), at(day, "12:41"), null));
            await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("CoordinationOpened"));
            ok(service.execute(room.value(), service.sealedWindows(room, "U0ALICE", alice), "U0ALICE"));
            ok(service.execute(room.value(), service.sealedWindows(room, "U0BOB", bob), "U0BOB"));
            // Carol's windows lie outside the search range: refused, with a reason that names none of their times
            List<TimeWindow> carol = List.of(new TimeWindow(at(day, "07:23").plus(Duration.ofDays(5)),
                    at(day, "09:51").plus(Duration.ofDays(5)), null));
            CommandResult refused = service.execute(room.value(), service.sealedWindows(room, "U0CAROL", carol), "U0CAROL");
            assertThat(refused.status()).isEqualTo(CommandResult.Status.REJECTED);
            assertThat(refused.reason()).isEqualTo("window 1 of 1 lies outside the room's search range");
            // and windows in clear are refused before anything reads them
            CommandResult inClear = service.execute(room.value(), "SubmitWindows", "{\"coordinationId\":\""
                    + room.value() + "\",\"windows\":[{\"start\":\"" + carol.get(0).start() + "\",\"end\":\""
                    + carol.get(0).end() + "\"}]}", "U0CAROL");
            assertThat(inClear.status()).isEqualTo(CommandResult.Status.REJECTED);
            assertThat(inClear.reason()).contains("windows in clear are refused");
            // Carol then shares windows that fit: everyone is in, and the room proposes slots — sealed, numbered
            List<TimeWindow> carolFits = List.of(new TimeWindow(at(day, "09:29"), at(day, "11:37"), null));
            ok(service.execute(room.value(), service.sealedWindows(room, "U0CAROL", carolFits), "U0CAROL"));
            await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("SlotsProposed"));
            TimeWindow bobs = new TimeWindow(at(day, "09:53"), at(day, "10:23"), null);
            ok(service.execute(room.value(), new ProposeSlot(room, service.sealedSlot(room, "U0BOB", bobs)), "U0BOB"));
            TimeWindow outside = new TimeWindow(at(day, "12:47"), at(day, "13:17"), null);
            CommandResult notInside = service.execute(room.value(),
                    new ProposeSlot(room, service.sealedSlot(room, "U0BOB", outside)), "U0BOB");
            assertThat(notInside.status()).isEqualTo(CommandResult.Status.REJECTED);
            assertThat(notInside.reason()).isEqualTo("that slot is not inside the participants' common availability"
                    + " in room " + room.value());
            CommandResult slotInClear = service.execute(room.value(), "ProposeSlot", "{\"coordinationId\":\""
                    + room.value() + "\",\"slot\":{\"start\":\"" + outside.start() + "\",\"end\":\"" + outside.end()
                    + "\"}}", "U0BOB");
            assertThat(slotInClear.status()).isEqualTo(CommandResult.Status.REJECTED);
            assertThat(slotInClear.reason()).contains("a slot in clear is refused");
            SharedWindows shared = service.context().getBean(SharedWindows.class);
            int first = shared.proposalsFor(room, UserId.of("U0ALICE")).proposals().get(0).number();
            TimeWindow carolsCounter = new TimeWindow(at(day, "10:59"), at(day, "11:29"), null);
            ok(service.execute(room.value(), new CounterSlot(room, first, service.sealedSlot(room, "U0CAROL", carolsCounter)),
                    "U0CAROL"));
            ok(service.execute(room.value(), new AcceptSlot(room, first), "U0ALICE"));
            ok(service.execute(room.value(), new AcknowledgeWindows(room, first), "U0BOB"));
            List<TimeWindow> slots = new ArrayList<>();
            shared.proposalsFor(room, UserId.of("U0BOB")).proposals().forEach(p -> slots.add(p.slot()));
            assertThat(slots).as("the room's, Bob's and Carol's proposals")
                    .hasSizeGreaterThanOrEqualTo(3).contains(bobs, carolsCounter).doesNotContain(outside);
            JdbcTemplate coordination = schema(service, "coordination");
            WindowOpener sealer = new WindowOpener(new JdbcRoomKeys(coordination, service.keyWrapping(), Clock.systemUTC()));
            WindowsSubmitted aliceSubmitted = windowsOf(service, room, "U0ALICE");
            // While the room is open the sealed windows open with its key: what follows checks a real change.
            assertThat(sealer.open(room, aliceSubmitted.participant(), aliceSubmitted.windows())).isEqualTo(alice);
            List<String> forbidden = traces(alice, bob);
            forbidden.addAll(traces(carolFits, slots));
            // what was sent in clear stays on the command topic the sender put it on (bounded by its retention)
            List<String> carols = traces(carol, List.of(outside));
            assertThat(everything(service)).as("before shredding the search itself must be able to see clear text")
                    .anyMatch(text -> text.contains(room.value()));

            if (!expire) {
                ok(service.execute(room.value(), new Withdraw(room, "plans changed"), "U0CAROL"));
            }
            await().atMost(PATIENCE.multipliedBy(2))
                    .until(() -> service.eventTypes(room.value()).contains("CoordinationDataShredded"));
            assertThat(service.eventTypes(room.value())).as("how the room ended")
                    .contains(expire ? "CoordinationExpired" : "CoordinationAborted");

            assertThat(everything(service)).allSatisfy(text -> assertThat(text).doesNotContain(forbidden)
                    .doesNotContain(carols));
            assertThat(coordination.queryForObject("select key_material is null and wrapped_key is null and destroyed_at is not null "
                    + "from room_key where room_id = ?", Boolean.class, room.value())).isTrue();
            assertThatThrownBy(() -> sealer.open(room, aliceSubmitted.participant(), aliceSubmitted.windows()))
                    .isInstanceOf(WindowOpener.WindowsShredded.class);
            assertThat(published(service, room)).isNotEmpty()
                    .allSatisfy(value -> assertThat(value).doesNotContain(forbidden));
            // every record of every topic: commands (sealed), results, dead letters, events
            assertThat(everyRecord(service)).isNotEmpty()
                    .allSatisfy(value -> assertThat(value).doesNotContain(forbidden));
            // the service's logs, everything it said while the room lived and ended
            assertThat(logs.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()))
                    .doesNotContain(forbidden).doesNotContain(carols));
            // The destroyed key's old row version goes too: room_key is vacuumed after the shredding.
            java.sql.Timestamp shreddedAt = coordination.queryForObject(
                    "select destroyed_at from room_key where room_id = ?", java.sql.Timestamp.class, room.value());
            await().atMost(PATIENCE).until(() -> Boolean.TRUE.equals(coordination.queryForObject("""
                    select coalesce(last_vacuum > ?, false) from pg_stat_user_tables
                    where schemaname = 'coordination' and relname = 'room_key'""", Boolean.class, shreddedAt)));
        } finally {
            root.detachAppender(logs);
        }
    }

    /** Every record on every topic of the service's prefix, from the first to the end as it is now. */
    private static List<String> everyRecord(RunningCoordinationService service) {
        return TopicScan.everyRecord(service.infrastructure.kafkaBootstrapServers(), service.topics.all(), PATIENCE);
    }

    private static WindowsSubmitted windowsOf(RunningCoordinationService service, CoordinationId room,
                                              String participant) throws Exception {
        for (byte[] payload : service.database.queryForList("""
                        select payload from coordination.domainevententry where aggregateidentifier = ?
                        and payloadtype like '%.WindowsSubmitted'""", byte[].class, room.value())) {
            WindowsSubmitted submitted = EnclaveJson.mapper().readValue(payload, WindowsSubmitted.class);
            if (submitted.participant().value().equals(participant)) {
                return submitted;
            }
        }
        throw new AssertionError(participant + " submitted no windows in " + room);
    }

    /** Every way a window's bounds could be written: ISO-8601, epoch seconds, epoch milliseconds. */
    private static List<String> traces(List<TimeWindow> a, List<TimeWindow> b) {
        List<String> traces = new ArrayList<>();
        for (List<TimeWindow> windows : List.of(a, b)) {
            for (TimeWindow window : windows) {
                for (Instant bound : List.of(window.start(), window.end())) {
                    traces.add(bound.toString().substring(0, 16)); // 2026-11-30T09:17
                    traces.add(Long.toString(bound.getEpochSecond()));
                    traces.add(Long.toString(bound.toEpochMilli()));
                }
            }
        }
        return traces;
    }

    /** Every value in the database (event store, snapshots, sagas, tokens, deadlines, key table, directory). */
    private static List<String> everything(RunningCoordinationService service) {
        assertThat(DatabaseScan.tables(service.database)).contains("coordination.domainevententry",
                "coordination.room_key", "coordination.scheduled_tasks", "coordination.snapshotevententry");
        return DatabaseScan.everyValue(service.database);
    }

    /** The values of the room's records on coordination.events, once all its stored events are there. */
    private static List<String> published(RunningCoordinationService service, CoordinationId room) {
        int stored = service.eventTypes(room.value()).size();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, service.infrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, service.topics.prefix() + "scan-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(service.topics.coordinationEvents()));
            await().atMost(PATIENCE).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (room.value().equals(record.key())) {
                        values.add(record.value());
                    }
                }
                return values.size() >= stored;
            });
        }
        return values;
    }

    private static JdbcTemplate schema(RunningCoordinationService service, String schema) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(service.jdbcUrl,
                service.infrastructure.postgresUsername(), service.infrastructure.postgresPassword());
        dataSource.setSchema(schema);
        return new JdbcTemplate(dataSource);
    }

    private static void ok(CommandResult result) {
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(CommandResult.Status.ACCEPTED);
    }
}
