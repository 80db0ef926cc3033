package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.SealedWindows;

/**
 * A submission as the room keeps it: the windows sealed to the room, and how many there are — never the windows
 * themselves. Today {@link RoomKeyCommands} seals what the participant sent; once senders seal their windows
 * themselves, the command carries this as it is.
 */
record SealedSubmission(SealedWindows windows, int windowCount) {

    SealedSubmission {
        if (windows == null || windowCount < 1) {
            throw new IllegalArgumentException("a submission holds sealed windows, at least one");
        }
    }
}
