package io.enclavesuite.command.binding;

import io.enclavesuite.write.CommandRejectedException;

/** A command that would let one channel act on another channel's enclave. */
public class ChannelScopeViolation extends CommandRejectedException {

    public ChannelScopeViolation(String message) {
        super(message);
    }
}
