package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.write.CommandRejectedException;

/** A tentacle command that names a tentacle that does not exist, or deploys one that already does. */
public class TentacleConflict extends CommandRejectedException {

    public TentacleConflict(String message) {
        super(message);
    }
}
