package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Sent by the provisioning saga once the enclave's Kubernetes resources exist. */
public record CompleteProvisioning(@TargetAggregateIdentifier EnclaveId enclaveId, String namespace) {

    public CompleteProvisioning {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(namespace, "namespace is required");
    }
}
