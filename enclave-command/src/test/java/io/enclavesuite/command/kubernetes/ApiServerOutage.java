package io.enclavesuite.command.kubernetes;

/** Makes the next {@link #callsToFail} calls through a wrapped adapter fail, as an unreachable API server would. */
public final class ApiServerOutage {

    public int callsToFail;

    /** Call before delegating to the real adapter. */
    public void check() {
        if (callsToFail > 0) {
            callsToFail--;
            throw new IllegalStateException("the API server refused");
        }
    }
}
