package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.write.CommandRejectedException;

import java.util.Locale;

/** The command does not fit the enclave's lifecycle state (frozen, deprovisioned, still provisioning, …). */
public class EnclaveStateConflict extends CommandRejectedException {

    public EnclaveStateConflict(String message) {
        super(message);
    }

    static EnclaveStateConflict gone(EnclaveId id) {
        return new EnclaveStateConflict("enclave '" + id + "' has been deprovisioned; that cannot be undone, and "
                + "it takes no more commands");
    }

    /** A status as the refusals name it. */
    static String label(EnclaveStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
