package io.enclavesuite.write.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.enclavesuite.trust.ActsFor;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalKey;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.PrincipalSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The shared intake on the real tables and broker, as a write service runs it, with a command bus of the test's
 * own standing in for the aggregates, and principals of the test's own: what each test sends is a record as the
 * container hands it over, signed (or not) as the test chooses.
 */
final class IntakeOnRealStores implements AutoCloseable {

    static final ObjectMapper JSON = EnclaveJson.mapper();

    final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    final JdbcTemplate jdbc;
    final ProcessedCommands processed;
    final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DefaultKafkaProducerFactory<String, String> producers;
    private final KafkaConsumer<String, String> results;
    private final KafkaConsumer<String, String> deadLetters;
    private final Admin admin;

    IntakeOnRealStores() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("intake").defaultSchema("intake").createSchemas(true)
                .locations("classpath:db/migration/write-side").load().migrate();
        dataSource.setSchema("intake");
        jdbc = new JdbcTemplate(dataSource);
        // what each service's own migrations add (V5 and V7 of enclave-command and coordination-service)
        jdbc.execute("alter table processed_command add column details jsonb");
        jdbc.execute("""
                alter table processed_command add column principal text not null default '';
                alter table processed_command add column content_digest bytea;
                alter table processed_command drop constraint processed_command_pkey;
                alter table processed_command add primary key (principal, command_id);
                alter table processed_command add column sealed_details text""");
        processed = new ProcessedCommands(jdbc);

        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()));
        // the broker takes records up to 64 KiB on the results topic: an answer larger than that leaves the
        // producer and fails in the broker, so its acknowledgement — not the send — is what fails
        admin.createTopics(List.of(new NewTopic(topics.commandResults(), 1, (short) 1)
                        .configs(Map.of("max.message.bytes", Integer.toString(64 * 1024))),
                new NewTopic(topics.commandsDeadLetter(), 1, (short) 1))).all().get();
        producers = producers();
        results = consumer(infrastructure, topics.commandResults());
        deadLetters = consumer(infrastructure, topics.commandsDeadLetter());
    }

    private static KafkaConsumer<String, String> consumer(TestInfrastructure infrastructure, String topic) {
        // as every reader of the answers: what an aborted transaction held is never seen
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(consumer.assignment());
        return consumer;
    }

    /**
     * Answer producers as a replica's: all under one transactional id prefix, so a new factory (a restarted replica)
     * fences what an earlier one left open.
     */
    DefaultKafkaProducerFactory<String, String> producers() {
        return new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topics.prefix() + "intake-test-"),
                new StringSerializer(), new StringSerializer());
    }

    private boolean deduplicating;

    /** An intake on these stores; the first one's clock stamps the processed rows. */
    CommandIntake intake(IntakeRules rules, Supplier<PrincipalRegistry> principals, Clock clock) {
        return intake(rules, principals, clock, producers);
    }

    /** An intake answering through these producers (closed with the intake's replies, not with the stores). */
    CommandIntake intake(IntakeRules rules, Supplier<PrincipalRegistry> principals, Clock clock,
                         ProducerFactory<String, String> producers) {
        if (!deduplicating) {
            bus.registerHandlerInterceptor(new CommandDeduplication(processed, clock));
            deduplicating = true;
        }
        return new CommandIntake(DefaultCommandGateway.builder().commandBus(bus).build(), rules, topics, processed,
                new IntakeReplies(producers, topics, clock), new IntakeMetrics(meters),
                principals, clock);
    }

    /** A principal of the test's own, with a fresh key. */
    static PrincipalSigner signer(String principal) {
        return new PrincipalSigner(principal,
                io.enclavesuite.receipts.signing.Ed25519Keys.SigningKey.generate(new SecureRandom()));
    }

    static Principal principal(PrincipalSigner signer, Set<String> commands, String actsFor, Set<String> people) {
        return new Principal(signer.principal(), commands, ActsFor.parse(actsFor, people),
                List.of(new PrincipalKey(signer.key().verificationKey(), null, null, "test")));
    }

    /** A record as the container hands it over, stamped by the broker at {@code appendedAt}. */
    static ConsumerRecord<String, String> record(String topic, long offset, String key, String value, String signature,
                                                 Instant appendedAt) {
        RecordHeaders headers = new RecordHeaders();
        if (signature != null) {
            headers.add(EnvelopeSignature.HEADER, signature.getBytes(StandardCharsets.US_ASCII));
        }
        return new ConsumerRecord<>(topic, 0, offset, appendedAt.toEpochMilli(), TimestampType.LOG_APPEND_TIME,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key, value, headers, Optional.empty());
    }

    /** {@code envelope} as a record signed by {@code signer}, appended at its issue time. */
    static ConsumerRecord<String, String> signed(String topic, long offset, String key, CommandEnvelope envelope,
                                                 PrincipalSigner signer) throws Exception {
        String value = JSON.writeValueAsString(envelope);
        return record(topic, offset, key, value, signer.sign(value.getBytes(StandardCharsets.UTF_8)),
                envelope.issuedAt());
    }

    /** The answers on the results topic since the last call, read up to its end as it is now. */
    List<CommandResult> answersNow() {
        return readNow(results, CommandResult.class);
    }

    List<DeadLetter> deadLettersNow() {
        return readNow(deadLetters, DeadLetter.class);
    }

    /**
     * Up to the last record written, committed or not: the broker writes a transaction's commit marker just after the
     * commit returns, so the committed end may not have reached it yet; the reader gets there once it has (an
     * aborted record is passed over, never read).
     */
    private <T> List<T> readNow(KafkaConsumer<String, String> consumer, Class<T> type) {
        List<T> read = new ArrayList<>();
        TopicPartition partition = consumer.assignment().iterator().next();
        long end;
        try {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).partitionResult(partition).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("the end of " + partition + " is not known", e);
        }
        if (consumer.position(partition) >= end) {
            return read;
        }
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                try {
                    read.add(JSON.readValue(record.value(), type));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return consumer.position(partition) >= end;
        });
        return read;
    }

    @Override
    public void close() {
        results.close();
        deadLetters.close();
        admin.close();
        producers.destroy();
    }
}
