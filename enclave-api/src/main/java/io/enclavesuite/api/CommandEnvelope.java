package io.enclavesuite.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on {@link Topics#COMMANDS}: one command, named by {@code type}, with the fields of that command's
 * record as a JSON object in {@code payload}. The record key is the target aggregate id.
 *
 * @param commandId unique per intent; a resend with the same id is answered with the first result
 * @param type      the simple name of a command in {@link CommandCatalog}
 * @param actor     who asks: a Slack user id or a service principal
 * @param channelId the Slack channel the request came from, when it came from one
 * @param issuedAt  when the sender issued it: the intake refuses an envelope that reached the broker more than five
 *                  minutes later, or 30 s before it (it stamps its own time on events)
 * @param replyKey  an X25519 public key (base64url) of the sender's, to which what the command answers in confidence
 *                  is sealed (a deprovision confirmation code); required for such commands
 *                  ({@link CommandCatalog#answersInConfidence(String)}), left out of the JSON when absent
 * @param operatorReason why an operator acts on an enclave whose rules would refuse the actor (break-glass): only an
 *                  operator principal may state one, and every use is recorded on the enclave; left out when absent
 */
public record CommandEnvelope(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                              Instant issuedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String replyKey,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String operatorReason) {

    public static final int MAX_ACTOR_LENGTH = 200;
    /** Long enough for an incident reference and a sentence; a reason is read by people, in Slack and history. */
    public static final int MAX_REASON_LENGTH = 500;
    /** No command needs more; anything larger is refused before its payload is looked at. */
    public static final int MAX_BYTES = 64 * 1024;

    @JsonCreator
    public CommandEnvelope {
        Objects.requireNonNull(commandId, "commandId is required");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type is required");
        }
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("actor is required");
        }
        if (actor.length() > MAX_ACTOR_LENGTH) {
            throw new IllegalArgumentException("actor is longer than " + MAX_ACTOR_LENGTH + " characters");
        }
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        if (operatorReason != null) {
            if (operatorReason.isBlank()) {
                throw new IllegalArgumentException("operatorReason, when given, must say why");
            }
            if (operatorReason.length() > MAX_REASON_LENGTH) {
                throw new IllegalArgumentException("operatorReason is longer than " + MAX_REASON_LENGTH + " characters");
            }
            if (operatorReason.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("operatorReason must be one line of text, without control characters");
            }
        }
    }

    /** An envelope whose command answers in confidence (or not), without an operator's reason. */
    public CommandEnvelope(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                           Instant issuedAt, String replyKey) {
        this(commandId, type, payload, actor, channelId, issuedAt, replyKey, null);
    }

    /** An envelope whose command answers nothing in confidence. */
    public CommandEnvelope(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                           Instant issuedAt) {
        this(commandId, type, payload, actor, channelId, issuedAt, null, null);
    }

    /** This envelope as an operator's break-glass: the same command with a stated reason. */
    public CommandEnvelope withOperatorReason(String reason) {
        return new CommandEnvelope(commandId, type, payload, actor, channelId, issuedAt, replyKey, reason);
    }
}
