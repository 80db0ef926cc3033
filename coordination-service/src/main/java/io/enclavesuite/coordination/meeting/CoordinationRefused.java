package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationStatus;
import io.enclavesuite.write.CommandRejectedException;

import java.util.Locale;

/** A room or agent policy refuses a command: the sender is told why, and nothing is stored. */
public class CoordinationRefused extends CommandRejectedException {

    public CoordinationRefused(String message) {
        super(message);
    }

    static CoordinationRefused ended(CoordinationId room, CoordinationStatus status) {
        return new CoordinationRefused("room " + room + " has ended (" + name(status) + ")");
    }

    /** The room is not in the state the command needs, e.g. "room … is pending: cannot submit windows now". */
    static CoordinationRefused is(CoordinationId room, CoordinationStatus status, String because) {
        return new CoordinationRefused("room " + room + " is " + name(status) + ": " + because);
    }

    /** Never the slot's times: a refusal is stored (processed_command) and outlives the room. */
    static CoordinationRefused notProposed(CoordinationId room, int number) {
        return new CoordinationRefused("there is no current proposal " + number + " in room " + room
                + " (a new submission of windows voids the proposals made before it)");
    }

    private static String name(CoordinationStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
