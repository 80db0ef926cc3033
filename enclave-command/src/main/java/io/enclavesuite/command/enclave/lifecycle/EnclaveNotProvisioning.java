package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.write.CommandRejectedException;

public class EnclaveNotProvisioning extends CommandRejectedException {

    public EnclaveNotProvisioning(EnclaveId id, EnclaveStatus status) {
        super("enclave '" + id + "' is not being provisioned (it is "
                + status.name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
}
