package io.enclavesuite.coordination.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.ApproveParticipation;
import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.coordination.meeting.Coordination;
import io.enclavesuite.operability.DeadlineOutcomes;
import io.enclavesuite.write.intake.IntakeMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.utils.Utils;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.enclavesuite.coordination.flow.CoordinationServiceFlowTest.at;
import static io.enclavesuite.coordination.flow.CoordinationServiceFlowTest.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of coordination-service — two Spring contexts in this JVM, one database, one Kafka, one intake
 * consumer group whose partitions they split — as write-support's {@code TwoReplicasOnOneStoreTest} and the suite's
 * {@code TwoCommandReplicasTest} prove for the write side and enclave-command: a command id that reaches both is one
 * command, commands for one room decided on both at once lose nothing and leave no gap in the room's sequence, and
 * the authorization saga and a room's time limit run once across the two.
 */
class TwoCoordinationReplicasTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String CAROL = "U0CAROL";

    private static RunningCoordinationService service;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    /** A room created first, with a short time limit: it runs out while the other tests run. */
    private static CoordinationId expiring;

    @BeforeAll
    static void twoReplicas() throws Exception {
        service = new RunningCoordinationService();
        // one intake consumer each: the group's three partitions are split two and one, never all on one replica
        a = service.startReplica("coordination-a", "--spring.kafka.listener.concurrency=1");
        b = service.startReplica("coordination-b", "--spring.kafka.listener.concurrency=1");
        await().atMost(PATIENCE).until(() -> !assigned(a).isEmpty() && !assigned(b).isEmpty()
                && union(assigned(a), assigned(b)).size() == partitions());
        expiring = CoordinationId.random();
        accepted(service.execute(expiring.value(), create(expiring, nextWeek(), Duration.ofSeconds(15)), ALICE));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aCommandIdThatReachesBothReplicasIsOneCommandAndTheSagaAsksEachParticipantOnce() throws Exception {
        CoordinationId room = CoordinationId.random();
        UUID commandId = UUID.randomUUID();
        String envelope = service.channel.json(service.channel.envelope(commandId, "CreateCoordination",
                EnclaveJson.mapper().writeValueAsString(create(room, nextWeek(), Duration.ofHours(48))), null, ALICE));
        // The same signed record on every partition (the key is only the sender's claim): each replica reads it.
        String topic = service.channel.topicOf("CreateCoordination");
        double readByA = intake(a, "CreateCoordination", null);
        double readByB = intake(b, "CreateCoordination", null);
        double acceptedBefore = intake(a, "CreateCoordination", "accepted") + intake(b, "CreateCoordination", "accepted");
        for (int partition = 0; partition < partitions(); partition++) {
            service.channel.sendRaw(topic, keyOn(partition), envelope);
        }

        await().atMost(PATIENCE).until(() -> service.channel.resultsFor(commandId).size() == partitions());
        assertThat(service.channel.resultsFor(commandId)).allSatisfy(result -> {
            assertThat(result.status()).isEqualTo(CommandResult.Status.ACCEPTED);
            assertThat(result.aggregateId()).isEqualTo(room.value());
        });
        assertThat(intake(a, "CreateCoordination", null)).as("records replica a read").isGreaterThan(readByA);
        assertThat(intake(b, "CreateCoordination", null)).as("records replica b read").isGreaterThan(readByB);
        assertThat(intake(a, "CreateCoordination", "accepted") + intake(b, "CreateCoordination", "accepted"))
                .as("handled by the room").isEqualTo(acceptedBefore + 1);
        assertThat(Collections.frequency(service.eventTypes(room.value()), "CoordinationCreated")).isEqualTo(1);

        // the authorization saga's segments are split between the replicas: each participant is asked once
        await().atMost(PATIENCE).until(() -> Collections.frequency(service.eventTypes(room.value()),
                "ParticipationApprovalRequested") == 2);
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> Collections.frequency(
                service.eventTypes(room.value()), "ParticipationApprovalRequested") == 2);
        assertNoGap(room);
    }

    @Test
    void commandsForOneRoomDecidedOnBothReplicasAtOnceLoseNothingAndLeaveNoGap() throws Exception {
        for (int round = 0; round < 2; round++) {
            CoordinationId room = CoordinationId.random();
            Instant day = nextWeek();
            accepted(service.execute(room.value(), create(room, day, Duration.ofHours(48)), ALICE));
            await().atMost(PATIENCE).until(() -> Collections.frequency(service.eventTypes(room.value()),
                    "ParticipationApprovalRequested") == 2);

            // each approval decided on its own replica: the one committed second must see the first and open the room
            concurrently(() -> send(a, new ApproveParticipation(room), BOB),
                    () -> send(b, new ApproveParticipation(room), CAROL));
            // Alice's own, as the initiator, then each approval once
            assertThat(authorizations(room)).hasSize(3).filteredOn(each -> each.endsWith(":approved"))
                    .containsExactlyInAnyOrder(BOB + ":approved", CAROL + ":approved");
            assertThat(Collections.frequency(service.eventTypes(room.value()), "CoordinationOpened")).isEqualTo(1);

            // the room proposes slots only once it holds all three participants' windows
            List<Object> windows = List.of(
                    service.sealedWindows(room, ALICE, List.of(window(day, "09:00", "12:00"))),
                    service.sealedWindows(room, BOB, List.of(window(day, "09:30", "11:30"))),
                    service.sealedWindows(room, CAROL, List.of(window(day, "10:00", "12:00"))));
            concurrently(() -> send(a, windows.get(0), ALICE), () -> send(b, windows.get(1), BOB),
                    () -> send(b, windows.get(2), CAROL));
            await().atMost(PATIENCE).until(() -> service.eventTypes(room.value()).contains("SlotsProposed"));
            List<String> types = service.eventTypes(room.value());
            assertThat(Collections.frequency(types, "WindowsSubmitted")).isEqualTo(3);
            assertThat(Collections.frequency(types, "SlotsProposed")).isEqualTo(1);
            assertThat(Collections.frequency(types, "ParticipationApprovalRequested")).isEqualTo(2);
            assertNoGap(room);
        }
    }

    @Test
    void aRoomsTimeLimitFiresOnceAcrossBothReplicas() {
        await().atMost(PATIENCE).until(() -> service.eventTypes(expiring.value()).contains("CoordinationDataShredded"));
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE).until(() -> deadlines(Coordination.TIME_LIMIT) == 1);
        List<String> types = service.eventTypes(expiring.value());
        assertThat(Collections.frequency(types, "CoordinationExpired")).isEqualTo(1);
        assertThat(types).endsWith("CoordinationExpired", "CoordinationDataShredded");
        assertNoGap(expiring);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Instant nextWeek() {
        return Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
    }

    private static TimeWindow window(Instant day, String from, String to) {
        return new TimeWindow(at(day, from), at(day, to), Confidence.HIGH);
    }

    private static void accepted(CommandResult result) {
        assertThat(result.status()).as(result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    /** A command as the intake of that replica hands it to its command bus, as {@code actor}. */
    private static void send(ConfigurableApplicationContext replica, Object command, String actor) {
        replica.getBean(CommandGateway.class).sendAndWait(command, MetaData.with(MetadataKeys.ACTOR, actor)
                .and(MetadataKeys.PRINCIPAL, "coordination-test").and(MetadataKeys.VIA, "test"));
    }

    /** Runs the commands at the same moment, each on its own thread; every one must succeed. */
    private static void concurrently(Runnable... commands) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (Runnable command : commands) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                command.run();
            }));
        }
        go.countDown();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    /** Each ParticipationAuthorized of the room as {@code participant:authorization}, in order. */
    private static List<String> authorizations(CoordinationId room) {
        return service.database.queryForList("""
                        select convert_from(payload, 'UTF8') from coordination.domainevententry
                        where aggregateidentifier = ? and payloadtype like '%.ParticipationAuthorized'
                        order by sequencenumber""", String.class, room.value()).stream().map(payload -> {
                    try {
                        JsonNode event = EnclaveJson.mapper().readTree(payload);
                        JsonNode participant = event.path("participant");
                        return (participant.isTextual() ? participant.asText() : participant.path("value").asText())
                                + ":" + event.path("authorization").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static void assertNoGap(CoordinationId room) {
        List<Long> sequence = service.database.queryForList("""
                select sequencenumber from coordination.domainevententry where aggregateidentifier = ?
                order by sequencenumber""", Long.class, room.value());
        assertThat(sequence).as("no gap, no duplicate")
                .containsExactlyElementsOf(LongStream.range(0, sequence.size()).boxed().toList());
    }

    private static int partitions() {
        return a.getEnvironment().getRequiredProperty("enclave.kafka.partitions", Integer.class);
    }

    /** A record key the producer's partitioner puts on {@code partition} (murmur2 of the key, as Kafka's does). */
    private static String keyOn(int partition) {
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions() == partition) {
                return key;
            }
        }
    }

    private static Collection<?> assigned(ConfigurableApplicationContext replica) {
        MessageListenerContainer intake = replica.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("command-intake");
        Collection<?> partitions = intake == null ? null : intake.getAssignedPartitions();
        return partitions == null ? List.of() : partitions;
    }

    private static Set<Object> union(Collection<?> first, Collection<?> second) {
        Set<Object> all = new HashSet<>(first);
        all.addAll(second);
        return all;
    }

    /** The records of a type this replica's intake read, of one outcome or (null) any. */
    private static double intake(ConfigurableApplicationContext replica, String type, String outcome) {
        var search = replica.getBean(MeterRegistry.class).find(IntakeMetrics.METER).tag("type", type);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    /** How often a deadline of this name was handled, over both replicas. */
    private static double deadlines(String name) {
        double total = 0;
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            total += replica.getBean(MeterRegistry.class).find(DeadlineOutcomes.METER).tag("deadline", name)
                    .tag("outcome", "handled").counters().stream().mapToDouble(Counter::count).sum();
        }
        return total;
    }
}
