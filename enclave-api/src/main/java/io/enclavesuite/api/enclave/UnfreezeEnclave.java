package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** Lift a freeze: the channel was unarchived, or the owner lifts their own freeze. */
public record UnfreezeEnclave(@TargetAggregateIdentifier EnclaveId enclaveId, FreezeReason reason) implements ChannelFact {

    public UnfreezeEnclave {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(reason, "reason is required");
    }

    /** Archiving and unarchiving are the channel's facts; the owner's own freeze is the owner's request. */
    @Override
    public boolean statesAChannelFact() {
        return reason == FreezeReason.CHANNEL_ARCHIVED;
    }
}
