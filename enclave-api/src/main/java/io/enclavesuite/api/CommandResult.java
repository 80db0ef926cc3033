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
 * @param details       what an accepted command answers besides "yes"; empty for most commands (and then left out of
 *                      the JSON), and always for an answer in confidence, which only {@code sealedDetails} holds
 * @param sealedDetails an answer for the requester alone (a deprovision confirmation code): the details' JSON,
 *                      sealed with HPKE to the envelope's reply key — only its holder opens it (module trust,
 *                      {@code SealedAnswers}); absent otherwise
 */
public record CommandResult(UUID commandId, Status status, String reason, String aggregateId, Instant at,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String sealedDetails) {

    public enum Status { ACCEPTED, REJECTED }

    @com.fasterxml.jackson.annotation.JsonCreator
    public CommandResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (status == Status.REJECTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A result whose details, if any, are in clear. */
    public CommandResult(UUID commandId, Status status, String reason, String aggregateId, Instant at,
                         Map<String, String> details) {
        this(commandId, status, reason, aggregateId, at, details, null);
    }

    /** The same result with its sealed details opened (by their holder). */
    public CommandResult withOpenedDetails(Map<String, String> opened) {
        return new CommandResult(commandId, status, reason, aggregateId, at, opened, sealedDetails);
    }

    public static CommandResult accepted(UUID commandId, String aggregateId, Instant at) {
        return new CommandResult(commandId, Status.ACCEPTED, null, aggregateId, at, Map.of(), null);
    }

    public static CommandResult rejected(UUID commandId, String aggregateId, String reason, Instant at) {
        return new CommandResult(commandId, Status.REJECTED, reason, aggregateId, at, Map.of(), null);
    }

    @JsonIgnore // derived from status: not a field on the wire
    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
