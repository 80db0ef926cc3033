package io.enclavesuite.api.enclave;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Objects;

/** The Slack channel was renamed: only the display name changes, the enclave keeps its internal name. */
public record RenameChannel(@TargetAggregateIdentifier EnclaveId enclaveId, String channelName) implements ChannelFact {

    public RenameChannel {
        Objects.requireNonNull(enclaveId, "enclaveId is required");
        Objects.requireNonNull(channelName, "channelName is required");
        if (channelName.isBlank() || channelName.length() > ChannelRef.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("channel name must be 1 to " + ChannelRef.MAX_NAME_LENGTH + " characters");
        }
    }
}
