package io.enclavesuite.api.coordination;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/**
 * The caller's availability, sealed by the caller's agent to the room's public key ({@code roomKey} of the room):
 * windows inside the search range, each at least the meeting duration. A later submission replaces the earlier one.
 * Windows in clear are refused — that is the point: no copy of this command (Kafka, its dead letters, the event
 * store) ever holds a time a participant shared.
 */
public record SubmitWindows(
        @TargetAggregateIdentifier CoordinationId coordinationId,
        SealedWindows windows) {

    /** Why windows in clear are refused, and what to do instead. */
    public static final String IN_CLEAR = "windows travel sealed to the room's public key (HPKE, the room's roomKey"
            + " — docs/coordination.md); windows in clear are refused, and were not stored: `enclavectl send` and the"
            + " Slack gateway seal them for you";

    public SubmitWindows {
        Objects.requireNonNull(coordinationId, "coordinationId is required");
        Objects.requireNonNull(windows, "windows is required: sealed to the room's public key");
    }

    /** Reads the wire form; windows given in clear (a JSON array) are refused with the reason, never with the times. */
    @JsonCreator
    static SubmitWindows fromJson(@JsonProperty("coordinationId") CoordinationId coordinationId,
                                  @JsonProperty("windows") JsonNode windows) {
        if (windows != null && !windows.isNull() && !windows.isTextual()) {
            throw new IllegalArgumentException(IN_CLEAR);
        }
        return new SubmitWindows(coordinationId, windows == null || windows.isNull() ? null
                : new SealedWindows(windows.textValue()));
    }
}
