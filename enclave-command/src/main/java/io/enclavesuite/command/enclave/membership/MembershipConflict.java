package io.enclavesuite.command.enclave.membership;

import io.enclavesuite.write.CommandRejectedException;

/** A membership change that cannot apply: already a member, not a member, the owner, or the member limit. */
public class MembershipConflict extends CommandRejectedException {

    public MembershipConflict(String message) {
        super(message);
    }
}
