package io.enclavesuite.api.enclave;

import java.util.Objects;

/** A Slack channel as the enclave knows it: the id that binds it, and the name shown to people. */
public record ChannelRef(ChannelId id, String name) {

    public static final int MAX_NAME_LENGTH = 80;

    public ChannelRef {
        Objects.requireNonNull(id, "channel id is required");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("channel name is required");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("channel name is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }
}
