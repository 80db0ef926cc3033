package io.enclavesuite.coordination.meeting;

/** A command a room refuses, with the reason the sender is told; nothing is recorded. */
public class CoordinationRefused extends RuntimeException {

    public CoordinationRefused(String message) {
        super(message);
    }
}
