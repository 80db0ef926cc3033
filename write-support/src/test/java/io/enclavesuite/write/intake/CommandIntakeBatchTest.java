package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The intake takes a poll's records as a batch and answers them together: a record that fails, or whose answer Kafka
 * refuses, is reported by its index once every answer before it is on Kafka, so the container commits the offsets
 * before it and retries from it. Runs on the real tables and broker; the command bus's handler stands in for an
 * aggregate, failing on a chosen member.
 */
class CommandIntakeBatchTest {

    private static final String ENCLAVE = "growth";
    private static final ObjectMapper JSON = EnclaveJson.mapper();
    private static final PrincipalSigner SENDER = IntakeOnRealStores.signer("batch-test");

    private final AtomicBoolean flaky = new AtomicBoolean(true);
    private final List<String> handled = new ArrayList<>();
    private IntakeOnRealStores stores;
    private TopicNames topics;
    private JdbcTemplate jdbc;
    private ProcessedCommands processed;
    private CommandIntake intake;

    @BeforeEach
    void intakeOnRealStores() throws Exception {
        stores = new IntakeOnRealStores();
        topics = stores.topics;
        jdbc = stores.jdbc;
        processed = stores.processed;
        stores.bus.subscribe(RegisterMember.class.getName(), message -> {
            RegisterMember command = (RegisterMember) message.getPayload();
            if (command.member().value().equals("UFLAKY") && flaky.get()) {
                throw new IllegalStateException("the database went away");
            }
            handled.add(command.member().value());
            return null;
        });
        PrincipalRegistry registry = PrincipalRegistry.of(List.of(IntakeOnRealStores.principal(SENDER, Set.of("*"),
                "anyone", Set.of())), Set.of());
        intake = stores.intake(new RefusingRules(), () -> registry, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        stores.close();
    }

    @Test
    void aPollIsAnsweredWholeBeforeTheListenerReturns() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UTWO"), record(2, "UTHREE"));

        intake.onRecords(poll, null);

        assertThat(answersNow()).extracting(CommandResult::commandId)
                .containsExactly(id(poll.get(0)), id(poll.get(1)), id(poll.get(2)));
        assertThat(handled).containsExactly("UONE", "UTWO", "UTHREE");
    }

    @Test
    void aFailingRecordIsReportedByItsIndexAfterTheAnswersBeforeIt() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UFLAKY"), record(2, "UTWO"));

        assertThatThrownBy(() -> intake.onRecords(poll, null)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                failed -> assertThat(failed.getIndex()).isEqualTo(1)).hasMessageContaining("the database went away");
        assertThat(answersNow()).extracting(CommandResult::commandId).containsExactly(id(poll.get(0)));
        assertThat(handled).containsExactly("UONE");

        // the container seeks back to the failed record and delivers it again with what followed it
        flaky.set(false);
        intake.onRecords(poll.subList(1, 3), null);
        assertThat(answersNow()).extracting(CommandResult::commandId).containsExactly(id(poll.get(1)), id(poll.get(2)));
        assertThat(handled).containsExactly("UONE", "UFLAKY", "UTWO");
    }

    @Test
    void anAnswerKafkaRefusesFailsItsRecordAndTheCommandsAfterItAreNotDoneTwice() throws Exception {
        // the refusal's reason is larger than the results topic takes: the broker refuses that answer, not the others
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UHUGE"), record(2, "UTWO"));

        assertThatThrownBy(() -> intake.onRecords(poll, null)).isInstanceOfSatisfying(BatchListenerFailedException.class,
                failed -> assertThat(failed.getIndex()).isEqualTo(1)).hasMessageContaining("publishing to");
        assertThat(handled).containsExactly("UONE", "UTWO");
        assertThat(processed.find(key(poll.get(2)))).map(p -> p.result().status())
                .contains(CommandResult.Status.ACCEPTED);

        // redelivered from the failed record on: what was done is answered from its first result, not done again
        intake.onRecords(List.of(poll.get(2)), null);
        assertThat(handled).containsExactly("UONE", "UTWO");
        assertThat(answersNow()).extracting(CommandResult::commandId).contains(id(poll.get(0)), id(poll.get(2)));
    }

    @Test
    void aCommandSentTwiceInOnePollIsDoneOnceAndBothAreAnsweredWithItsRecordedResult() throws Exception {
        ConsumerRecord<String, String> first = record(0, "UONE");
        ConsumerRecord<String, String> resent = IntakeOnRealStores.record(topics.commands(), 2, ENCLAVE, first.value(),
                new String(first.headers().lastHeader(EnvelopeSignature.HEADER).value(), StandardCharsets.US_ASCII),
                Instant.now());
        List<ConsumerRecord<String, String>> poll = List.of(first, record(1, "UTWO"), resent);

        intake.onRecords(poll, null);

        assertThat(handled).containsExactly("UONE", "UTWO");
        List<CommandResult> answers = answersNow();
        assertThat(answers).extracting(CommandResult::commandId).containsExactly(id(first), id(poll.get(1)), id(first));
        // the answer given at once is the processed record as stored, so a later repeat is answered the same
        assertThat(answers.get(2)).isEqualTo(answers.get(0));
        assertThat(processed.find(key(first))).map(ProcessedCommands.Processed::result).contains(answers.get(0));
        assertThat(processed.findAll(Set.of(key(first), key(poll.get(1)),
                new ProcessedCommands.Key(SENDER.principal(), UUID.randomUUID()),
                new ProcessedCommands.Key("someone-else", id(first)))))
                .containsOnlyKeys(key(first), key(poll.get(1)));
    }

    @Test
    void whenThePollsRepeatsCannotBeLookedUpTheFirstRecordFailsAndNothingIsDone() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UTWO"));
        jdbc.execute("alter table processed_command rename to processed_command_away");
        try {
            assertThatThrownBy(() -> intake.onRecords(poll, null)).isInstanceOfSatisfying(
                    BatchListenerFailedException.class, failed -> assertThat(failed.getIndex()).isZero());
        } finally {
            jdbc.execute("alter table processed_command_away rename to processed_command");
        }
        assertThat(handled).isEmpty();
        assertThat(answersNow()).isEmpty();

        // the container retries from the first record: all is done once the table answers again
        intake.onRecords(poll, null);
        assertThat(handled).containsExactly("UONE", "UTWO");
    }

    @Test
    void answersOfAReplicaKilledBeforeItsCommitAreNeverReadAndTheRecordsAreAnsweredOnceAfter() throws Exception {
        List<ConsumerRecord<String, String>> poll = List.of(record(0, "UONE"), record(1, "UTWO"));
        // the replica dies after its answers reached the broker, before their transaction's commit
        DefaultKafkaProducerFactory<String, String> dying = stores.producers();
        dying.addPostProcessor(producer -> diesAtCommit(producer));
        PrincipalRegistry registry = PrincipalRegistry.of(List.of(IntakeOnRealStores.principal(SENDER, Set.of("*"),
                "anyone", Set.of())), Set.of());
        CommandIntake killed = stores.intake(new RefusingRules(), () -> registry, Clock.systemUTC(), dying);
        assertThatThrownBy(() -> killed.onRecords(poll, null)).isInstanceOf(BatchListenerFailedException.class);
        assertThat(handled).containsExactly("UONE", "UTWO");

        // started again under its name, it fences its earlier life's transaction (aborted) and answers the records
        // again from what was processed
        DefaultKafkaProducerFactory<String, String> restarted = stores.producers();
        try {
            stores.intake(new RefusingRules(), () -> registry, Clock.systemUTC(), restarted).onRecords(poll, null);
        } finally {
            restarted.destroy();
            dying.destroy();
        }
        assertThat(handled).containsExactly("UONE", "UTWO");
        assertThat(answersNow()).extracting(CommandResult::commandId).containsExactly(id(poll.get(0)), id(poll.get(1)));
    }

    /** The producer as a killed process leaves it: its records sent, its transaction neither committed nor aborted. */
    @SuppressWarnings("unchecked")
    private static Producer<String, String> diesAtCommit(Producer<String, String> producer) {
        return (Producer<String, String>) Proxy.newProxyInstance(Producer.class.getClassLoader(),
                new Class<?>[] {Producer.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("commitTransaction")) {
                        producer.flush();
                        throw new IllegalStateException("killed before the commit (simulated)");
                    }
                    if (method.getName().equals("close")) {
                        // at once: a producer closed with time to spare would abort its transaction itself
                        producer.close(Duration.ZERO);
                        return null;
                    }
                    try {
                        return method.invoke(producer, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private ConsumerRecord<String, String> record(long offset, String member) throws Exception {
        CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), "RegisterMember",
                JSON.readTree("{\"enclaveId\":\"" + ENCLAVE + "\",\"member\":\"" + member + "\"}"), "UOWNER", null,
                Instant.now());
        return IntakeOnRealStores.signed(topics.commands(), offset, ENCLAVE, envelope, SENDER);
    }

    private static UUID id(ConsumerRecord<String, String> record) throws Exception {
        return JSON.readValue(record.value(), CommandEnvelope.class).commandId();
    }

    private static ProcessedCommands.Key key(ConsumerRecord<String, String> record) throws Exception {
        return new ProcessedCommands.Key(SENDER.principal(), id(record));
    }

    private List<CommandResult> answersNow() {
        return stores.answersNow();
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
