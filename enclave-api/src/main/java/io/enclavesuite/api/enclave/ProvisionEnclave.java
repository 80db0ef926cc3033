package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Create a team enclave bound to a Slack channel. Quota and mode fall back to the defaults when absent. */
public record ProvisionEnclave(@TargetAggregateIdentifier EnclaveId enclaveId, ChannelRef channel, UserId owner,
                               QuotaPreset quota, Mode defaultMode) {

    public ProvisionEnclave {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(channel, "channel is required");
        Objects.requireNonNull(owner, "owner is required");
        quota = quota == null ? QuotaPreset.DEFAULT : quota;
        defaultMode = defaultMode == null ? Mode.DEFAULT : defaultMode;
    }
}
