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
import io.enclavesuite.api.enclave.ChannelFact;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.operability.LogContext;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.Freshness;
import io.enclavesuite.trust.LogSafe;
import io.enclavesuite.trust.Principal;
import io.enclavesuite.trust.PrincipalRegistry;
import io.enclavesuite.trust.SealedAnswers;
import io.enclavesuite.trust.UntrustedEnvelope;
import io.enclavesuite.write.CommandRejectedException;
import io.enclavesuite.write.intake.IntakeMetrics.Outcome;
import io.enclavesuite.write.intake.IntakeMetrics.Reason;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Takes command envelopes off the service's own command topic ({@link IntakeRules#catalog()}) and answers each on
 * {@code enclave.command-results}:
 * <ul>
 *   <li>before anything else, the record's signature ({@link EnvelopeSignature}): unsigned, signed by a key the
 *       {@link PrincipalRegistry} does not hold or holds revoked, not matching the record's bytes, issued outside
 *       {@link Freshness}'s window, of a type its principal may not send or naming an actor its principal may not act
 *       for — each goes to the dead-letter topic with the reason and a rejected result, and is never remembered as
 *       processed, so a forger cannot squat a command id;</li>
 *   <li>a record that is not an envelope, or names a type outside the service's {@link CommandCatalog}, goes to the
 *       dead-letter topic with the reason (and, when it has a command id, a rejected result);</li>
 *   <li>a command its principal sent before (same command id, same content) is answered with its first result and
 *       changes nothing; the same id with other content is refused;</li>
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
    private final Supplier<PrincipalRegistry> principals;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    CommandIntake(CommandGateway gateway, IntakeRules rules, TopicNames topics, ProcessedCommands processed,
                  IntakeReplies replies, IntakeMetrics metrics, Supplier<PrincipalRegistry> principals, Clock clock) {
        this.gateway = gateway;
        this.rules = rules;
        this.topics = topics;
        this.processed = processed;
        this.replies = replies;
        this.metrics = metrics;
        this.principals = principals;
        this.clock = clock;
    }

    /**
     * One poll's records, in order. Their answers are kept as they are decided and published together with the
     * poll's offsets, in one Kafka transaction, before the listener returns ({@link IntakeReplies}). A record that
     * fails is reported to the error handler by its index once the answers before it, and their offsets, are
     * committed: it is retried on its own (then dead-lettered), as a record listener's would be.
     */
    @KafkaListener(id = "command-intake", topics = "#{@intakeRules.catalog().topic(@topicNames)}",
            groupId = "${enclave.kafka.topic-prefix:}${spring.application.name}-intake", batch = "true")
    void onRecords(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
        // the offsets go with the answers, in their transaction; without a group (a poll handed over by hand) the
        // caller keeps the offsets
        ConsumerGroupMetadata group = consumer == null ? null : consumer.groupMetadata();
        PrincipalRegistry registry = principals.get();
        List<Read> reads = records.stream().map(record -> read(record, registry)).toList();
        // The poll's repeats in one query, not one per record; a repeat within the poll is found in this map too.
        Map<ProcessedCommands.Key, ProcessedCommands.Processed> firstResults;
        try {
            firstResults = processed.findAll(reads.stream().filter(Read::trusted).map(Read::key)
                    .collect(Collectors.toSet()));
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
                publish(answers, records, i, group);
                throw new BatchListenerFailedException("command record failed: " + e.getMessage(), e, i);
            }
        }
        publish(answers, records, records.size(), group);
    }

    /** An answer that did not reach Kafka fails its record: the records before it are done, it is retried. */
    private static void publish(IntakeReplies.Pending answers, List<ConsumerRecord<String, String>> records, int upTo,
                                ConsumerGroupMetadata group) {
        try {
            answers.publish(records, upTo, group);
        } catch (IntakeReplies.NotAcknowledged e) {
            throw new BatchListenerFailedException(e.getMessage(), e, e.record());
        }
    }

    /**
     * A record as the intake read it: its envelope when it is one, the principal that signed it when the signature
     * holds, the digest of what it asks — or why it is none of these.
     *
     * @param unreadable why the record is not an envelope (then nothing else is known)
     * @param untrusted  why its sender is not believed (the envelope, when readable, only addresses the answer)
     */
    private record Read(CommandEnvelope envelope, Principal principal, byte[] digest, String unreadable,
                        Untrusted untrusted) {

        boolean trusted() {
            return unreadable == null && untrusted == null;
        }

        ProcessedCommands.Key key() {
            return new ProcessedCommands.Key(principal.id(), envelope.commandId());
        }
    }

    /** A refusal of the sender, with its category for the metric. */
    private record Untrusted(Reason category, String reason) {
    }

    /**
     * The signature is checked over the record's bytes before the envelope is read; the envelope is read after, and
     * only then is its time, type and actor held against the principal.
     */
    private Read read(ConsumerRecord<String, String> record, PrincipalRegistry registry) {
        if (record.value() == null || record.value().isBlank()) {
            return new Read(null, null, null, "empty record: expected a command envelope", null);
        }
        Instant reference = receivedAt(record);
        Principal principal;
        try {
            principal = EnvelopeSignature.verify(registry, signature(record),
                    record.value().getBytes(StandardCharsets.UTF_8), reference);
        } catch (UntrustedEnvelope e) {
            // read only to address the answer, never to act on
            return new Read(envelopeOrNull(record), null, null, null, new Untrusted(Reason.UNTRUSTED, e.getMessage()));
        }
        CommandEnvelope envelope;
        try {
            envelope = json.readValue(record.value(), CommandEnvelope.class);
        } catch (JsonProcessingException e) {
            return new Read(null, principal, null, "not a command envelope: " + describe(e), null);
        }
        Optional<String> refusal = Freshness.refusal(envelope.issuedAt(), reference);
        if (refusal.isPresent()) {
            return new Read(envelope, principal, null, null, new Untrusted(Reason.STALE, refusal.get()));
        }
        if (CommandCatalog.owning(envelope.type()).isPresent() && !principal.maySend(envelope.type())) {
            return new Read(envelope, principal, null, null, new Untrusted(Reason.NOT_PERMITTED,
                    "principal " + principal.id() + " may not send " + envelope.type()));
        }
        if (!principal.actsFor().permits(principal.id(), envelope.actor())) {
            return new Read(envelope, principal, null, null, new Untrusted(Reason.NOT_PERMITTED, "principal "
                    + principal.id() + " may not act for " + LogSafe.quote(envelope.actor()) + ": it acts "
                    + principal.actsFor().describe(principal.id())));
        }
        if (envelope.operatorReason() != null) {
            Optional<String> override = overrideRefusal(envelope, principal);
            if (override.isPresent()) {
                return new Read(envelope, principal, null, null, new Untrusted(Reason.NOT_PERMITTED, override.get()));
            }
        }
        return new Read(envelope, principal, CommandDigest.of(envelope), null, null);
    }

    /**
     * Break-glass is an operator's, as a person whom history and the owner's notice can name, and only where the
     * aggregates weigh it.
     */
    private Optional<String> overrideRefusal(CommandEnvelope envelope, Principal principal) {
        if (!principal.operator()) {
            return Optional.of("principal " + principal.id() + " is not an operator: it may not state an "
                    + "operatorReason to override an enclave's rules");
        }
        if (UserId.ifUser(envelope.actor()).isEmpty()) {
            return Optional.of("an operator overrides an enclave's rules as a person: the actor must be the "
                    + "operator's own Slack user id, not " + LogSafe.quote(envelope.actor()));
        }
        if (!rules.takesOperatorOverrides()) {
            return Optional.of(envelope.type() + " takes no operator override: nobody acts in a coordination room "
                    + "for its participants");
        }
        return Optional.empty();
    }

    /**
     * When the record reached the broker, where the topic stamps it (LogAppendTime, as the suite creates its command
     * topics): a backlog after an outage is judged by when it was sent, a replay by when it was replayed. Otherwise
     * the intake's own clock.
     */
    private Instant receivedAt(ConsumerRecord<String, String> record) {
        return record.timestampType() == TimestampType.LOG_APPEND_TIME ? Instant.ofEpochMilli(record.timestamp())
                : clock.instant();
    }

    /** The one signature header's text; two are refused as ambiguous. */
    private static String signature(ConsumerRecord<String, String> record) {
        String found = null;
        for (Header header : record.headers().headers(EnvelopeSignature.HEADER)) {
            if (found != null) {
                throw new UntrustedEnvelope(UntrustedEnvelope.Kind.MALFORMED_SIGNATURE,
                        "more than one " + EnvelopeSignature.HEADER + " header");
            }
            found = header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        }
        return found;
    }

    private CommandEnvelope envelopeOrNull(ConsumerRecord<String, String> record) {
        try {
            return json.readValue(record.value(), CommandEnvelope.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void onRecord(ConsumerRecord<String, String> record, Read read,
                          Map<ProcessedCommands.Key, ProcessedCommands.Processed> firstResults,
                          IntakeReplies.Pending answers) {
        if (read.untrusted() != null) {
            refuse(record, read.envelope(), read.untrusted(), answers);
            return;
        }
        if (read.envelope() == null) {
            answers.deadLetter(record, read.unreadable());
            metrics.record(null, Outcome.DEAD_LETTERED, Reason.UNREADABLE);
            return;
        }
        // the trace the command starts; messageId is set by the command bus while the command itself is handled
        String commandId = read.envelope().commandId().toString();
        try (LogContext ignored = LogContext.open(commandId, commandId, null)) {
            onEnvelope(read, record, firstResults, answers);
        }
    }

    /**
     * A sender not believed: the dead-letter topic and a rejected result (when the envelope names a command id to
     * answer), nothing remembered — the id stays free for its real owner.
     */
    private void refuse(ConsumerRecord<String, String> record, CommandEnvelope envelope, Untrusted untrusted,
                        IntakeReplies.Pending answers) {
        answers.deadLetter(record, untrusted.reason());
        if (envelope != null) {
            answers.answer(CommandResult.rejected(envelope.commandId(), record.key(), untrusted.reason(),
                    clock.instant()));
        }
        metrics.record(envelope == null ? null : envelope.type(), Outcome.DEAD_LETTERED, untrusted.category());
    }

    private void onEnvelope(Read read, ConsumerRecord<String, String> record,
                            Map<ProcessedCommands.Key, ProcessedCommands.Processed> firstResults,
                            IntakeReplies.Pending answers) {
        CommandEnvelope envelope = read.envelope();
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
        ProcessedCommands.Processed first = firstResults.get(read.key());
        if (first != null && !first.sameContent(read.digest())) {
            refuse(record, envelope, new Untrusted(Reason.REUSED_ID, "command id " + envelope.commandId()
                    + " was already used by " + read.principal().id() + " for another command: a new command needs"
                    + " a new id"), answers);
            return;
        }
        if (first != null) {
            metrics.record(envelope.type(), Outcome.REPEATED, Reason.NONE);
        }
        ProcessedCommands.Processed result = first != null ? first : execute(read, commandType.get(), record);
        firstResults.put(read.key(), result);
        answers.answer(result.result());
    }

    private ProcessedCommands.Processed execute(Read read, Class<?> commandType, ConsumerRecord<String, String> record) {
        CommandEnvelope envelope = read.envelope();
        Optional<String> replyKeyProblem = replyKeyProblem(envelope);
        if (replyKeyProblem.isPresent()) {
            return reject(read, record.key(), Reason.INVALID, replyKeyProblem.get());
        }
        Object command;
        try {
            command = rules.command(envelope, commandType);
        } catch (JsonProcessingException e) {
            return reject(read, record.key(), Reason.INVALID, "invalid " + envelope.type() + ": " + describe(e));
        } catch (IllegalArgumentException e) {
            return reject(read, record.key(), Reason.INVALID, "invalid " + envelope.type() + ": " + e.getMessage());
        }
        // The command's own target, not the record key: the key is only the sender's claim.
        String target = targets.resolveTarget(GenericCommandMessage.asCommandMessage(command)).getIdentifier();
        if (command instanceof ChannelFact fact && fact.statesAChannelFact() && !read.principal().channelFacts()) {
            return reject(read, target, Reason.NOT_PERMITTED, "principal " + read.principal().id() + " may not state"
                    + " what happened to a Slack channel (" + envelope.type() + "): only the principal that speaks for"
                    + " Slack does (enclave.principals.registry.<id>.channel-facts)");
        }
        Optional<String> outOfScope = rules.refusal(envelope, command, target);
        if (outOfScope.isPresent()) {
            return reject(read, target, Reason.OUT_OF_SCOPE, outOfScope.get());
        }
        try {
            // The envelope's id becomes the message id: events then carry it as correlationId and traceId.
            Object answer = gateway.sendAndWait(new GenericCommandMessage<>(
                    new GenericMessage<>(envelope.commandId().toString(), command, metaData(read)),
                    commandType.getName()));
            // CommandDeduplication answers the result it recorded in the command's transaction
            if (!(answer instanceof CommandResult accepted)) {
                throw new IllegalStateException("command " + envelope.commandId() + " was handled but answered "
                        + answer + " instead of its processed record: is CommandDeduplication on the command bus?");
            }
            metrics.record(envelope.type(), Outcome.ACCEPTED, Reason.NONE);
            return new ProcessedCommands.Processed(accepted, read.digest());
        } catch (RuntimeException e) {
            if (causedBy(e, DuplicateKeyException.class).isPresent()) {
                // The same id was handled concurrently and committed first: its result is the answer. Or a unique
                // constraint of the service's own (a derived name taken in the meantime) refused it: failing the
                // record makes the container retry it, and the retry decides again.
                ProcessedCommands.Processed first = processed.find(read.key()).orElseThrow(() -> e);
                metrics.record(envelope.type(), Outcome.REPEATED, Reason.NONE);
                return first;
            }
            if (rules.retriable(e, envelope, command, target)) {
                throw e;
            }
            Optional<String> refusal = causedBy(e, CommandRejectedException.class).map(Throwable::getMessage);
            if (refusal.isEmpty() && causedBy(e, AggregateNotFoundException.class).isPresent()) {
                return reject(read, target, Reason.NOT_FOUND, rules.notFound(command, target));
            }
            refusal = refusal.or(() -> causedBy(e, IllegalArgumentException.class).map(Throwable::getMessage));
            if (refusal.isPresent()) {
                return reject(read, target, Reason.REFUSED, refusal.get());
            }
            throw e;
        }
    }

    private ProcessedCommands.Processed reject(Read read, String aggregateId, Reason category, String reason) {
        ProcessedCommands.Processed result = processed.recordRejected(read.key(), read.digest(), read.envelope().type(),
                aggregateId, reason, clock.instant());
        metrics.record(read.envelope().type(), Outcome.REJECTED, category);
        return result;
    }

    /** An answer in confidence needs a key to be sealed to; a key given must be one. */
    private static Optional<String> replyKeyProblem(CommandEnvelope envelope) {
        if (envelope.replyKey() != null) {
            return SealedAnswers.problem(envelope.replyKey()).map(problem -> "invalid " + envelope.type() + ": "
                    + problem);
        }
        if (CommandCatalog.answersInConfidence(envelope.type())) {
            return Optional.of(envelope.type() + " answers in confidence: its envelope needs a replyKey (an X25519"
                    + " public key, base64url) to seal the answer to, which only its sender can open");
        }
        return Optional.empty();
    }

    /** Who (the actor) and through what (the verified principal): never a header the sender could set freely. */
    private static Map<String, Object> metaData(Read read) {
        CommandEnvelope envelope = read.envelope();
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(MetadataKeys.ACTOR, envelope.actor());
        metaData.put(MetadataKeys.PRINCIPAL, read.principal().id());
        if (envelope.channelId() != null) {
            metaData.put(MetadataKeys.CHANNEL_ID, envelope.channelId());
        }
        metaData.put(MetadataKeys.VIA, MetadataKeys.viaKafka(read.principal().id()));
        metaData.put(MetadataKeys.COMMAND_ID, envelope.commandId().toString());
        metaData.put(MetadataKeys.COMMAND_DIGEST, CommandDigest.hex(read.digest()));
        if (envelope.replyKey() != null) {
            metaData.put(MetadataKeys.REPLY_KEY, envelope.replyKey());
        }
        if (envelope.operatorReason() != null) {
            metaData.put(MetadataKeys.OPERATOR_REASON, envelope.operatorReason());
        }
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
