package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the provisioning saga when it gives up after its last retry; ProvisionEnclave may then be sent again. */
public record FailProvisioning(@TargetAggregateIdentifier EnclaveId enclaveId, String reason) {

    public FailProvisioning {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
    }
}
