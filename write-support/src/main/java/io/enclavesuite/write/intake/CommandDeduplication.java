package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.trust.SealedAnswers;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Records a command (its principal and id) as accepted inside the unit of work that handles the command, so the row
 * commits or rolls back together with the events (and the aggregate cache). A second command with the same principal
 * and id fails on the primary key at commit time, which rolls its events back. What a handler answers (a record of strings, such as a
 * deprovision confirmation code) is kept as the result's details; a creating handler's answer (the new aggregate's
 * id) is not. An intake command's result, as its sender sees it, is the {@link CommandResult} recorded.
 */
class CommandDeduplication implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(CommandDeduplication.class);

    private final ProcessedCommands processed;
    private final Clock clock;
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() { };
    private final ObjectMapper json = EnclaveJson.mapper();
    private final CommandTargetResolver targets = AnnotationCommandTargetResolver.builder().build();

    CommandDeduplication(ProcessedCommands processed, Clock clock) {
        this.processed = processed;
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object commandId = command.getMetaData().get(MetadataKeys.COMMAND_ID);
        if (commandId == null) {
            return chain.proceed(); // sent by a saga or a deadline: not an intake command
        }
        Object result = chain.proceed();
        String aggregateId = targets.resolveTarget(command).getIdentifier();
        // A creating handler answers its aggregate's id, which the result already carries: only an object is details.
        JsonNode answer = result == null ? null : json.valueToTree(result);
        Map<String, String> details = answer == null || !answer.isObject() ? Map.of() : json.convertValue(answer, DETAILS);
        // An answer in confidence rests and travels only sealed to the requester's reply key.
        UUID id = UUID.fromString(commandId.toString());
        Object replyKey = command.getMetaData().get(MetadataKeys.REPLY_KEY);
        String sealed = replyKey == null || details.isEmpty() ? null
                : SealedAnswers.seal(replyKey.toString(), id, json.writeValueAsBytes(details));
        Map<String, String> clear = sealed == null ? details : Map.of();
        // The row stores microseconds: the answer given now must equal the one read back for a repeat.
        CommandResult accepted = new CommandResult(id, CommandResult.Status.ACCEPTED, null, aggregateId,
                clock.instant().truncatedTo(ChronoUnit.MICROS), clear, sealed);
        ProcessedCommands.Key key = new ProcessedCommands.Key(
                String.valueOf(command.getMetaData().get(MetadataKeys.PRINCIPAL)), accepted.commandId());
        Object digest = command.getMetaData().get(MetadataKeys.COMMAND_DIGEST);
        unitOfWork.onPrepareCommit(u -> processed.recordAccepted(key,
                digest == null ? null : CommandDigest.fromHex(digest.toString()),
                command.getPayloadType().getSimpleName(), aggregateId, clear, sealed, accepted.at()));
        log.debug("{} {} on {} handled; its events commit with the command id", command.getPayloadType().getSimpleName(),
                commandId, aggregateId);
        // What the intake answers, once the unit of work has committed: no second read of the row it just wrote.
        return accepted;
    }
}
