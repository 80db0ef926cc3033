package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.write.CommandRejectedException;

public class EnclaveAlreadyExists extends CommandRejectedException {

    public EnclaveAlreadyExists(EnclaveId id, EnclaveStatus status) {
        super("enclave '" + id + "' already exists (" + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
