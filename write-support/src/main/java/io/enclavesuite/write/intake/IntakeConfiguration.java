package io.enclavesuite.write.intake;

import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.operability.LogContext;
import io.enclavesuite.write.intake.IntakeMetrics.Outcome;
import io.enclavesuite.write.intake.IntakeMetrics.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.enclavesuite.trust.ReloadingRegistry;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command intake of a write service: it needs the service's {@link IntakeRules} bean, and creates the suite's
 * topics with their partition count.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.context.annotation.Import(io.enclavesuite.operability.SuiteTopicsConfiguration.class)
@EnableConfigurationProperties({PrincipalsProperties.class, IntakeProperties.class})
public class IntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IntakeConfiguration.class);

    @Bean
    ProcessedCommands processedCommands(JdbcTemplate jdbc) {
        return new ProcessedCommands(jdbc);
    }

    /**
     * The answers' own producers: Spring's (the service's Kafka settings) made transactional. The transactional id
     * names the service and the replica, so a replica restarted under its name aborts what its previous life left
     * open at once; another replica's is aborted by the broker after {@code transaction.timeout.ms}.
     */
    @Bean
    IntakeReplies intakeReplies(KafkaTemplate<String, String> kafka, TopicNames topics, ReplicasProperties replicas,
                                Environment environment, IntakeProperties intake, Clock clock) {
        // Spring Boot's own spring.application.name, not a key of the suite's: the intake's consumer group has it too
        String service = environment.getRequiredProperty("spring.application.name");
        ProducerFactory<String, String> transactional = kafka.getProducerFactory().copyWithConfigurationOverride(
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalIdPrefix(topics, service, replicas),
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) intake.transactionTimeout().toMillis(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        return new IntakeReplies(transactional, topics, clock);
    }

    /**
     * {@code <topic prefix><service>-intake-<node id>-}: within the prefix the service's Kafka user is granted
     * ({@code <topic prefix><service>-intake-}), and the replica's own.
     */
    private static String transactionalIdPrefix(TopicNames topics, String service, ReplicasProperties replicas) {
        return topics.prefix() + service + "-intake-" + replicas.nodeId() + "-";
    }

    @Bean
    IntakeMetrics intakeMetrics(MeterRegistry registry) {
        return new IntakeMetrics(registry);
    }

    /** Who may speak on the command topic: {@code enclave.principals}, keys rotated without a restart. */
    @Bean
    ReloadingRegistry principalRegistry(PrincipalsProperties properties, Clock clock) {
        return new ReloadingRegistry(properties.principals(), properties.revoked(), properties.keyFolder(),
                properties.rescan(), clock);
    }

    @Bean
    CommandIntake commandIntake(CommandGateway gateway, IntakeRules intakeRules, TopicNames topics,
                                ProcessedCommands processed, IntakeReplies replies, IntakeMetrics metrics,
                                ReloadingRegistry principalRegistry, Clock clock) {
        return new CommandIntake(gateway, intakeRules, topics, processed, replies, metrics, principalRegistry, clock);
    }

    /** Axon registers every MessageHandlerInterceptor bean on the command bus itself: registering it here too would run it twice. */
    @Bean
    CommandDeduplication commandDeduplication(ProcessedCommands processed, Clock clock) {
        return new CommandDeduplication(processed, clock);
    }

    /**
     * A record that keeps failing for reasons outside the command (the database is unreachable, …) is retried with
     * backoff; after that it goes to the dead-letter topic and the sender is told, so nothing is silently dropped.
     */
    @Bean
    CommonErrorHandler intakeErrorHandler(IntakeReplies replies, IntakeMetrics metrics, Clock clock) {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        backOff.setMaxElapsedTime(60_000);
        return new DefaultErrorHandler((record, failure) -> {
            @SuppressWarnings("unchecked")
            var failed = (ConsumerRecord<String, String>) record;
            Optional<CommandEnvelope> envelope = envelopeOf(failed);
            String commandId = envelope.map(sent -> sent.commandId().toString()).orElse(null);
            try (LogContext ignored = LogContext.open(commandId, commandId, null)) {
                String reason = "not processed after retries: " + rootMessage(failure);
                log.error("giving up on {}-{}@{}", record.topic(), record.partition(), record.offset(), failure);
                // in one transaction; the error handler commits the record's offset after this returns
                IntakeReplies.Pending answers = replies.pending();
                answers.deadLetter(failed, reason);
                envelope.ifPresent(sent -> answers.answer(CommandResult.rejected(sent.commandId(), failed.key(),
                        reason + "; resending the same command id retries it", clock.instant())));
                answers.publish(List.of(failed), 1, null);
                metrics.record(envelope.map(CommandEnvelope::type).orElse(null), Outcome.DEAD_LETTERED,
                        Reason.FAILED);
            }
        }, backOff);
    }

    private static Optional<CommandEnvelope> envelopeOf(ConsumerRecord<String, String> record) {
        try {
            return Optional.of(EnclaveJson.mapper().readValue(record.value(), CommandEnvelope.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
