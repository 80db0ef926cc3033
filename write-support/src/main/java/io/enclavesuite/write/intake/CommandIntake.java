package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.Topics;
import io.enclavesuite.operability.LogContext;
import io.enclavesuite.write.CommandRejectedException;
import io.enclavesuite.write.intake.IntakeMetrics.Outcome;
import io.enclavesuite.write.intake.IntakeMetrics.Reason;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Takes command envelopes off the service's own command topic ({@link IntakeRules#catalog()}) and answers each on
 * {@code enclave.command-results}:
 * <ul>
 *   <li>a record that is not an envelope, or names a type outside the service's {@link CommandCatalog}, goes to the
 *       dead-letter topic with the reason (and, when it has a command id, a rejected result);</li>
 *   <li>a command id seen before is answered with its first result and changes nothing;</li>
 *   <li>an invalid payload or a refusal by the aggregate is a rejected result with the reason;</li>
 *   <li>anything else (the database is down, …) propagates, so the container retries the record.</li>
 * </ul>
 * What became of each record is counted ({@link IntakeMetrics}); while a command is taken in, its id is the log
 * context's trace id, as it is of everything that follows from it.
 */
public class CommandIntake {

    private final CommandGateway gateway;
    private final IntakeRules rules;
    private final TopicNames topics;
    private final ProcessedCommands processed;
    private final IntakeReplies replies;
    private final IntakeMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    CommandIntake(CommandGateway gateway, IntakeRules rules, TopicNames topics, ProcessedCommands processed,
                  IntakeReplies replies, IntakeMetrics metrics, Clock clock) {
        this.gateway = gateway;
        this.rules = rules;
        this.topics = topics;
        this.processed = processed;
        this.replies = replies;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One poll's records, in order. Their answers are sent as they are decided and awaited together before the
     * listener returns, that is before the poll's offsets are committed. A record that fails is reported to the
     * error handler by its index once the answers before it are on Kafka: the offsets before it are committed and it
     * is retried on its own (then dead-lettered), as a record listener's would be.
     */
    @KafkaListener(id = "command-intake", topics = "#{@intakeRules.catalog().topic(@topicNames)}",
            groupId = "${enclave.kafka.topic-prefix:}${spring.application.name}-intake", batch = "true")
    void onRecords(List<ConsumerRecord<String, String>> records) {
        List<Read> reads = records.stream().map(this::read).toList();
        // The poll's repeats in one query, not one per record; a repeat within the poll is found in this map too.
        Map<UUID, CommandResult> firstResults;
        try {
            firstResults = processed.findAll(reads.stream().map(Read::envelope).filter(Objects::nonNull)
                    .map(CommandEnvelope::commandId).collect(Collectors.toSet()));
        } catch (RuntimeException e) {
            // as if the first record had failed: it is retried (then dead-lettered) on its own, the others after it
            throw new BatchListenerFailedException("command record failed: " + e.getMessage(), e, 0);
        }
        IntakeReplies.Pending answers = replies.pending();
        for (int i = 0; i < records.size(); i++) {
            answers.forRecord(i);
            try {
                onRecord(records.get(i), reads.get(i), firstResults, answers);
            } catch (RuntimeException e) {
                await(answers);
                throw new BatchListenerFailedException("command record failed: " + e.getMessage(), e, i);
            }
        }
        await(answers);
    }

    /** An answer that did not reach Kafka fails its record: the records before it are done, it is retried. */
    private static void await(IntakeReplies.Pending answers) {
        try {
            answers.await();
        } catch (IntakeReplies.NotAcknowledged e) {
            throw new BatchListenerFailedException(e.getMessage(), e, e.record());
        }
    }

    /** A record's envelope, or why it is none. */
    private record Read(CommandEnvelope envelope, String unreadable) {
    }

    private Read read(ConsumerRecord<String, String> record) {
        if (record.value() == null || record.value().isBlank()) {
            return new Read(null, "empty record: expected a command envelope");
        }
        try {
            return new Read(json.readValue(record.value(), CommandEnvelope.class), null);
        } catch (JsonProcessingException e) {
            return new Read(null, "not a command envelope: " + describe(e));
        }
    }

    private void onRecord(ConsumerRecord<String, String> record, Read read, Map<UUID, CommandResult> firstResults,
                          IntakeReplies.Pending answers) {
        if (read.envelope() == null) {
            answers.deadLetter(record, read.unreadable());
            metrics.record(null, Outcome.DEAD_LETTERED, Reason.UNREADABLE);
            return;
        }
        // the trace the command starts; messageId is set by the command bus while the command itself is handled
        String commandId = read.envelope().commandId().toString();
        try (LogContext ignored = LogContext.open(commandId, commandId, null)) {
            onEnvelope(read.envelope(), record, firstResults, answers);
        }
    }

    private void onEnvelope(CommandEnvelope envelope, ConsumerRecord<String, String> record,
                            Map<UUID, CommandResult> firstResults, IntakeReplies.Pending answers) {
        int size = record.value().getBytes(StandardCharsets.UTF_8).length;
        if (size > CommandEnvelope.MAX_BYTES) {
            String reason = "envelope of " + size + " bytes is larger than the limit of " + CommandEnvelope.MAX_BYTES;
            answers.deadLetter(record, reason);
            answers.answer(CommandResult.rejected(envelope.commandId(), record.key(), reason, clock.instant()));
            metrics.record(envelope.type(), Outcome.DEAD_LETTERED, Reason.TOO_LARGE);
            return;
        }
        Optional<Class<?>> commandType = rules.catalog().commandType(envelope.type());
        if (commandType.isEmpty()) {
            String reason = rules.catalog().unknownTypeReason(envelope.type(), topics);
            answers.deadLetter(record, reason);
            answers.answer(CommandResult.rejected(envelope.commandId(), record.key(), reason, clock.instant()));
            metrics.record(envelope.type(), Outcome.DEAD_LETTERED, Reason.UNKNOWN_TYPE);
            return;
        }
        CommandResult first = firstResults.get(envelope.commandId());
        if (first != null) {
            metrics.record(envelope.type(), Outcome.REPEATED, Reason.NONE);
        }
        CommandResult result = first != null ? first : execute(envelope, commandType.get(), record);
        firstResults.put(envelope.commandId(), result);
        answers.answer(result);
    }

    private CommandResult execute(CommandEnvelope envelope, Class<?> commandType, ConsumerRecord<String, String> record) {
        Object command;
        try {
            command = rules.command(envelope, commandType);
        } catch (JsonProcessingException e) {
            return reject(envelope, record.key(), Reason.INVALID, "invalid " + envelope.type() + ": " + describe(e));
        } catch (IllegalArgumentException e) {
            return reject(envelope, record.key(), Reason.INVALID, "invalid " + envelope.type() + ": " + e.getMessage());
        }
        // The command's own target, not the record key: the key is only the sender's claim.
        String target = targets.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        Optional<String> outOfScope = rules.refusal(envelope, command, target);
        if (outOfScope.isPresent()) {
            return reject(envelope, target, Reason.OUT_OF_SCOPE, outOfScope.get());
        }
        try {
            // The envelope's id becomes the message id: events then carry it as correlationId and traceId.
            Object answer = gateway.sendAndWait(new GenericCommandMessage<>(
                    new GenericMessage<>(envelope.commandId().toString(), command, metaData(envelope, record)),
                    commandType.getName()));
            // CommandDeduplication answers the result it recorded in the command's transaction
            if (!(answer instanceof CommandResult accepted)) {
                throw new IllegalStateException("command " + envelope.commandId() + " was handled but answered "
                        + answer + " instead of its processed record: is CommandDeduplication on the command bus?");
            }
            metrics.record(envelope.type(), Outcome.ACCEPTED, Reason.NONE);
            return accepted;
        } catch (RuntimeException e) {
            if (causedBy(e, DuplicateKeyException.class).isPresent()) {
                // The same id was handled concurrently and committed first: its result is the answer. Or a unique
                // constraint of the service's own (a derived name taken in the meantime) refused it: failing the
                // record makes the container retry it, and the retry decides again.
                CommandResult first = processed.find(envelope.commandId()).orElseThrow(() -> e);
                metrics.record(envelope.type(), Outcome.REPEATED, Reason.NONE);
                return first;
            }
            if (rules.retriable(e, envelope, command, target)) {
                throw e;
            }
            Optional<String> refusal = causedBy(e, CommandRejectedException.class).map(Throwable::getMessage);
            if (refusal.isEmpty() && causedBy(e, AggregateNotFoundException.class).isPresent()) {
                return reject(envelope, target, Reason.NOT_FOUND, rules.notFound(command, target));
            }
            refusal = refusal.or(() -> causedBy(e, IllegalArgumentException.class).map(Throwable::getMessage));
            if (refusal.isPresent()) {
                return reject(envelope, target, Reason.REFUSED, refusal.get());
            }
            throw e;
        }
    }

    private CommandResult reject(CommandEnvelope envelope, String aggregateId, Reason category, String reason) {
        CommandResult result = processed.recordRejected(envelope.commandId(), envelope.type(), aggregateId, reason,
                clock.instant());
        metrics.record(envelope.type(), Outcome.REJECTED, category);
        return result;
    }

    private static Map<String, Object> metaData(CommandEnvelope envelope, ConsumerRecord<String, String> record) {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(MetadataKeys.ACTOR, envelope.actor());
        if (envelope.channelId() != null) {
            metaData.put(MetadataKeys.CHANNEL_ID, envelope.channelId());
        }
        Header source = record.headers().lastHeader(Topics.SOURCE_HEADER);
        metaData.put(MetadataKeys.VIA, MetadataKeys.viaKafka(
                source == null ? "unknown" : new String(source.value(), StandardCharsets.UTF_8)));
        metaData.put(MetadataKeys.COMMAND_ID, envelope.commandId().toString());
        return MetaData.from(metaData);
    }

    /** The value types' own messages ("enclave name 'X!' must be …") are the clearest reason to give. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null
                && (root instanceof IllegalArgumentException || root instanceof NullPointerException)) {
            return root.getMessage();
        }
        return e.getOriginalMessage();
    }

    /** The first cause of a failure that is of a type, for the rules' decisions. */
    public static <T extends Throwable> Optional<T> causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
