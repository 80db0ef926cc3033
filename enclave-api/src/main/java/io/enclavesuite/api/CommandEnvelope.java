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
 */
public record CommandEnvelope(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                              Instant issuedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String replyKey) {

    public static final int MAX_ACTOR_LENGTH = 200;
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
    }

    /** An envelope whose command answers nothing in confidence. */
    public CommandEnvelope(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                           Instant issuedAt) {
        this(commandId, type, payload, actor, channelId, issuedAt, null);
    }
}
