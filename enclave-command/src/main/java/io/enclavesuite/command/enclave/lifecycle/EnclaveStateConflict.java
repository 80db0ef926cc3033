package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.write.CommandRejectedException;

/** The command does not fit the enclave's lifecycle state (frozen, deprovisioned, still provisioning, …). */
public class EnclaveStateConflict extends CommandRejectedException {

    public EnclaveStateConflict(String message) {
        super(message);
    }
}
