package io.enclavesuite.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The answer to one {@link CommandEnvelope}, published on {@link Topics#COMMAND_RESULTS} keyed by commandId.
 *
 * @param reason  human-readable, present when rejected
 * @param details what an accepted command answers besides "yes", e.g. a deprovision confirmation code; empty for
 *                most commands (and then left out of the JSON)
 */
public record CommandResult(UUID commandId, Status status, String reason, String aggregateId, Instant at,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details) {

    public enum Status { ACCEPTED, REJECTED }

    public CommandResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (status == Status.REJECTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static CommandResult accepted(UUID commandId, String aggregateId, Instant at) {
        return new CommandResult(commandId, Status.ACCEPTED, null, aggregateId, at, Map.of());
    }

    public static CommandResult rejected(UUID commandId, String aggregateId, String reason, Instant at) {
        return new CommandResult(commandId, Status.REJECTED, reason, aggregateId, at, Map.of());
    }

    @JsonIgnore // derived from status: not a field on the wire
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
