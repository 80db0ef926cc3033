package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.write.CommandRejectedException;

/** The caller lacks the right: the message names the missing bit and the layer, or the owner-only rule. */
public class AccessDenied extends CommandRejectedException {

    public AccessDenied(String message) {
        super(message);
    }
}
