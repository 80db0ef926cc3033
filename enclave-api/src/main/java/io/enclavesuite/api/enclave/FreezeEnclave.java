package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Stop new deployments and pause cron: sent when the channel is archived, or by the owner. */
public record FreezeEnclave(@TargetAggregateIdentifier EnclaveId enclaveId, FreezeReason reason) implements ChannelFact {

    public FreezeEnclave {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(reason, "reason is required");
    }

    /** Archiving and unarchiving are the channel's facts; the owner's own freeze is the owner's request. */
    @Override
    public boolean statesAChannelFact() {
        return reason == FreezeReason.CHANNEL_ARCHIVED;
    }
}
