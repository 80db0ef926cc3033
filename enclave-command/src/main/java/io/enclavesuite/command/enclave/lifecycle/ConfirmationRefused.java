package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.write.CommandRejectedException;

/** A deprovision confirmation without a request, with the wrong code, or after the code expired. */
public class ConfirmationRefused extends CommandRejectedException {

    public ConfirmationRefused(String message) {
        super(message);
    }
}
