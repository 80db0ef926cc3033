package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Stop new deployments and pause cron: sent when the channel is archived, or by the owner. */
public record FreezeEnclave(@TargetAggregateIdentifier EnclaveId enclaveId, FreezeReason reason) {

    public FreezeEnclave {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
