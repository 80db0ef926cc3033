package io.enclavesuite.command.binding;

import io.enclavesuite.write.CommandRejectedException;

/** Another enclave would take its owner past the per-owner limit. */
public class OwnerLimitReached extends CommandRejectedException {

    public OwnerLimitReached(String owner, int limit) {
        super(owner + " already owns " + limit + " enclaves, the most one person may own: deprovision one or "
                + "transfer it first");
    }
}
