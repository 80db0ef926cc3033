package io.enclavesuite.command.enclave.membership;

import io.enclavesuite.api.access.Decision;
import io.enclavesuite.api.access.Operation;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.write.caller.Caller;

import java.time.Clock;
import java.util.List;

/** What {@link Membership} asks of the enclave that holds it: its state, its access checks, its tentacles. */
public interface MembershipHost {

    EnclaveId id();

    /** Throws unless the enclave was provisioned and is not being torn down. */
    void requireExisting();

    void require(Operation operation, Caller caller, Clock clock);

    /** A denial stands unless an operator overrides it, which is recorded. */
    void check(Decision decision, Caller caller, Clock clock);

    /** By name, so their hand-over reads the same on every replay. */
    List<TentacleName> tentaclesOwnedBy(UserId member);
}
