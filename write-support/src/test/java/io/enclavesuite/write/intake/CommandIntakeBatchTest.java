package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The intake takes a poll's records as a batch and answers them together: a record that fails, or whose answer Kafka
 * refuses, is reported by its index once every answer before it is on Kafka, so the container commits the offsets
 * before it and retries from it. Runs on the real tables and broker; the command bus's handler stands in for an
 * aggregate, failing on a chosen member.
 */
class CommandIntakeBatchTest {

    private static final String ENCLAVE = "growth";
    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    private final AtomicBoolean flaky = new AtomicBoolean(true);
    private final List<String> handled = new ArrayList<>();
    private DefaultKafkaProducerFactory<String, String> producers;
    private KafkaConsumer<String, String> results;
    private JdbcTemplate jdbc;
    private ProcessedCommands processed;
    private CommandIntake intake;

    @BeforeEach
    void intakeOnRealStores() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("intake").defaultSchema("intake").createSchemas(true)
                .locations("classpath:db/migration/write-side").load().migrate();
        dataSource.setSchema("intake");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("alter table processed_command add column details jsonb"); // each service's own V5 adds it
        processed = new ProcessedCommands(jdbc);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            // the broker takes records up to 64 KiB on the results topic: an answer larger than that leaves the
            // producer and fails in the broker, so its acknowledgement — not the send — is what fails
            admin.createTopics(List.of(new NewTopic(topics.commandResults(), 1, (short) 1)
                            .configs(Map.of("max.message.bytes", Integer.toString(64 * 1024))),
                    new NewTopic(topics.commandsDeadLetter(), 1, (short) 1))).all().get();
        }
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()), new StringDeserializer(), new StringDeserializer());
        results.assign(List.of(new TopicPartition(topics.commandResults(), 0)));
        results.seekToBeginning(results.assignment());

        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        Clock clock = Clock.systemUTC();
        bus.registerHandlerInterceptor(new CommandDeduplication(processed, clock));
        bus.subscribe(RegisterMember.class.getName(), message -> {
            RegisterMember command = (RegisterMember) message.getPayload();
            if (command.member().value().equals("UFLAKY") && flaky.get()) {
                throw new IllegalStateException("the database went away");
            }
            handled.add(command.member().value());
            return null;
        });
        intake = new CommandIntake(DefaultCommandGateway.builder().commandBus(bus).build(), new RefusingRules(),
                topics, processed, new IntakeReplies(new KafkaTemplate<>(producers), topics, clock),
                new IntakeMetrics(new SimpleMeterRegistry()), clock);
    }

    @AfterEach
    void close() {
        results.close();
        producers.destroy();
    }

    @Test
    void aPollIsAnsweredWholeBeforeTheListenerReturns() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UTWO"), record(2, "UTHREE"));

        intake.onRecords(poll);

        assertThat(answersNow()).extracting(CommandResult::commandId)
                .containsExactly(id(poll.get(0)), id(poll.get(1)), id(poll.get(2)));
        assertThat(handled).containsExactly("UONE", "UTWO", "UTHREE");
    }

    @Test
    void aFailingRecordIsReportedByItsIndexAfterTheAnswersBeforeIt() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UFLAKY"), record(2, "UTWO"));

        assertThatThrownBy(() -> intake.onRecords(poll)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                failed -> assertThat(failed.getIndex()).isEqualTo(1)).hasMessageContaining("the database went away");
        assertThat(answersNow()).extracting(CommandResult::commandId).containsExactly(id(poll.get(0)));
        assertThat(handled).containsExactly("UONE");

        // the container seeks back to the failed record and delivers it again with what followed it
        flaky.set(false);
        intake.onRecords(poll.subList(1, 3));
        assertThat(answersNow()).extracting(CommandResult::commandId).containsExactly(id(poll.get(1)), id(poll.get(2)));
        assertThat(handled).containsExactly("UONE", "UFLAKY", "UTWO");
    }

    @Test
    void anAnswerKafkaRefusesFailsItsRecordAndTheCommandsAfterItAreNotDoneTwice() throws Exception {
        // the refusal's reason is larger than the results topic takes: the broker refuses that answer, not the others
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UHUGE"), record(2, "UTWO"));

        assertThatThrownBy(() -> intake.onRecords(poll)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                failed -> assertThat(failed.getIndex()).isEqualTo(1)).hasMessageContaining("publishing to");
        assertThat(handled).containsExactly("UONE", "UTWO");
        assertThat(processed.find(id(poll.get(2)))).map(CommandResult::status).contains(CommandResult.Status.ACCEPTED);

        // redelivered from the failed record on: what was done is answered from its first result, not done again
        intake.onRecords(List.of(poll.get(2)));
        assertThat(handled).containsExactly("UONE", "UTWO");
        assertThat(answersNow()).extracting(CommandResult::commandId).contains(id(poll.get(0)), id(poll.get(2)));
    }

    @Test
    void aCommandSentTwiceInOnePollIsDoneOnceAndBothAreAnsweredWithItsRecordedResult() throws Exception {
        ConsumerRecord<String, String> first = record(0, "UONE");
        ConsumerRecord<String, String> resent = new ConsumerRecord<>(topics.commands(), 0, 2, ENCLAVE, first.value());
        List<ConsumerRecord<String, String>> poll = List.of(first, record(1, "UTWO"), resent);

        intake.onRecords(poll);

        assertThat(handled).containsExactly("UONE", "UTWO");
        List<CommandResult> answers = answersNow();
        assertThat(answers).extracting(CommandResult::commandId).containsExactly(id(first), id(poll.get(1)), id(first));
        // the answer given at once is the processed record as stored, so a later repeat is answered the same
        assertThat(answers.get(2)).isEqualTo(answers.get(0));
        assertThat(processed.find(id(first))).contains(answers.get(0));
        assertThat(processed.findAll(Set.of(id(first), id(poll.get(1)), UUID.randomUUID())))
                .containsOnlyKeys(id(first), id(poll.get(1)));
    }

    @Test
    void whenThePollsRepeatsCannotBeLookedUpTheFirstRecordFailsAndNothingIsDone() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UTWO"));
        jdbc.execute("alter table processed_command rename to processed_command_away");
        try {
            assertThatThrownBy(() -> intake.onRecords(poll)).isInstanceOfSatisfying(
                    BatchListenerFailedException.class, failed -> assertThat(failed.getIndex()).isZero());
        } finally {
            jdbc.execute("alter table processed_command_away rename to processed_command");
        }
        assertThat(handled).isEmpty();
        assertThat(answersNow()).isEmpty();

        // the container retries from the first record: all is done once the table answers again
        intake.onRecords(poll);
        assertThat(handled).containsExactly("UONE", "UTWO");
    }

    private ConsumerRecord<String, String> record(long offset, String member) throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), "RegisterMember",
                JSON.readTree("{\"enclaveId\":\"" + ENCLAVE + "\",\"member\":\"" + member + "\"}"), "UOWNER", null,
                Instant.now());
        return new ConsumerRecord<>(topics.commands(), 0, offset, ENCLAVE, JSON.writeValueAsString(envelope));
    }

    private static UUID id(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readValue(record.value(), CommandEnvelope.class).commandId();
    }

    /** The answers on the results topic since the last call, read up to its end as it is now. */
    private List<CommandResult> answersNow() {
        List<CommandResult> answers = new ArrayList<>();
        TopicPartition partition = results.assignment().iterator().next();
        long end = results.endOffsets(List.of(partition)).get(partition);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            results.poll(Duration.ofMillis(100)).forEach(record -> answers.add(read(record.value())));
            return results.position(partition) >= end;
        });
        return answers;
    }

    private static CommandResult read(String value) {
        try {
            return JSON.readValue(value, CommandResult.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Team commands, refusing one member with a reason too large for the results topic. */
    private static final class RefusingRules implements IntakeRules {

        @Override
        public CommandCatalog catalog() {
            return CommandCatalog.TEAM;
        }

        @Override
        public Optional<String> refusal(CommandEnvelope envelope, Object command, String target) {
            return command instanceof RegisterMember register && register.member().value().equals("UHUGE")
                    ? Optional.of("x".repeat(200 * 1024)) : Optional.empty();
        }

        @Override
        public String notFound(Object command, String target) {
            return "no enclave " + target;
        }
    }
}
