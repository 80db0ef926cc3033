package io.enclavesuite.api.coordination;

/** The lifecycle of a coordination room: PENDING until everyone is authorized, OPEN, then one of the three ends. */
public enum CoordinationStatus {
    PENDING, OPEN, RESOLVED, EXPIRED, ABORTED;

    public boolean ended() {
        return this == RESOLVED || this == EXPIRED || this == ABORTED;
    }
}
