package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.access.TentacleAccess;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.write.caller.Caller;

import java.time.Clock;
import java.util.Collection;

/**
 * What a {@link Tentacle} asks of the enclave that holds it while it decides: who may act on it, who may own it, and
 * its sibling tentacles (a schema grant names one, a removal takes the grants it was given along).
 */
public interface TentacleHost {

    EnclaveId id();

    /** Passes, or records an operator's override, or throws the denial. */
    void require(Operation operation, Caller caller, TentacleAccess tentacle, Clock clock);

    /** The enclave owner or a member. */
    boolean mayOwnTentacles(UserId user);

    /** @throws TentacleConflict when the enclave has no such tentacle */
    Tentacle tentacle(TentacleName name);

    Collection<Tentacle> tentacles();
}
