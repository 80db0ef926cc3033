package io.enclavesuite.coordination.meeting;

import io.enclavesuite.write.CommandRejectedException;

/** A room or agent policy refuses a command: the sender is told why, and nothing is stored. */
public class CoordinationRefused extends CommandRejectedException {

    public CoordinationRefused(String message) {
        super(message);
    }
}
