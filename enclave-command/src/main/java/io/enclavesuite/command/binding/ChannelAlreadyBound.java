package io.enclavesuite.command.binding;

import io.enclavesuite.write.CommandRejectedException;

public class ChannelAlreadyBound extends CommandRejectedException {

    public ChannelAlreadyBound(String channel, String enclave) {
        super("channel " + channel + " already has an enclave: '" + enclave + "'");
    }
}
