package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;

import java.util.Optional;

/**
 * What one write service adds to the shared {@link CommandIntake}: which commands it takes (and so which topic it
 * reads), how a payload becomes a command, and which requests it refuses before any aggregate sees them.
 */
public interface IntakeRules {

    /** The commands this service takes; its intake reads that catalog's topic. */
    CommandCatalog catalog();

    /**
     * The command an envelope asks for. A {@link JsonProcessingException} or an {@link IllegalArgumentException}
     * is a rejected result with its message as the reason.
     */
    default Object command(CommandEnvelope envelope, Class<?> type) throws JsonProcessingException {
        return EnclaveJson.mapper().treeToValue(envelope.payload(), type);
    }

    /** A reason to refuse the command before it reaches its aggregate (it comes from the wrong channel, …). */
    default Optional<String> refusal(CommandEnvelope envelope, Object command, String target) {
        return Optional.empty();
    }

    /**
     * Whether a failure is a race the record's retry resolves (the container then redelivers the record); otherwise
     * a refusal becomes a rejected result and anything else propagates.
     */
    default boolean retriable(RuntimeException failure, CommandEnvelope envelope, Object command, String target) {
        return false;
    }

    /**
     * Whether this service's aggregates weigh an operator's stated reason ({@code operatorReason}) against their
     * rules; where they do not, an envelope carrying one is refused rather than run as if it said nothing.
     */
    default boolean takesOperatorOverrides() {
        return false;
    }

    /** The reason given when the command's target aggregate does not exist. */
    String notFound(Object command, String target);
}
