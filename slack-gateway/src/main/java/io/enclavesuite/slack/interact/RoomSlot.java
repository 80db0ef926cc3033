package io.enclavesuite.slack.interact;

import io.enclavesuite.api.coordination.CoordinationId;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A proposal of a room as a button's value or a modal's metadata carries it: {@code <room> <number>} — the number it
 * has in the room, never its time (Slack keeps message payloads; the time is shown, not carried). Whatever comes back
 * from Slack is read with {@link #parse}, which refuses anything else rather than throwing.
 */
public record RoomSlot(CoordinationId room, int proposal) {

    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

    public RoomSlot {
        if (proposal < 1) {
            throw new IllegalArgumentException("a proposal's number is 1 or more");
        }
    }

    public String value() {
        return room.value() + " " + proposal;
    }

    public static Optional<RoomSlot> parse(String value) {
        String[] parts = value == null ? new String[0] : value.split(" ");
        if (parts.length != 2 || !NUMBER.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return room(parts[0]).map(room -> new RoomSlot(room, Integer.parseInt(parts[1])));
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
