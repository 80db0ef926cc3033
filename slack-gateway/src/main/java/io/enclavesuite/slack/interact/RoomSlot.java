package io.enclavesuite.slack.interact;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A proposed slot of a room as a button's value or a modal's metadata carries it:
 * {@code <room> <start> <end> <confidence>}. Whatever comes back from Slack is read with {@link #parse}, which
 * refuses anything else rather than throwing.
 */
public record RoomSlot(CoordinationId room, TimeWindow slot) {

    public String value() {
        return room.value() + " " + slot.start() + " " + slot.end() + " " + slot.confidence().label();
    }

    public static Optional<RoomSlot> parse(String value) {
        String[] parts = value == null ? new String[0] : value.split(" ");
        if (parts.length != 3 && parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RoomSlot(CoordinationId.of(parts[0]), new TimeWindow(Instant.parse(parts[1]),
                    Instant.parse(parts[2]), parts.length == 4 ? Confidence.parse(parts[3]) : null)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A room id alone, as the approve, decline and share buttons carry it. */
    public static Optional<CoordinationId> room(String value) {
        try {
            return Optional.of(CoordinationId.of(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
