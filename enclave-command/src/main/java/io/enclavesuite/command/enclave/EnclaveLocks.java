package io.enclavesuite.command.enclave;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.write.replicas.AdvisoryLocks;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.function.Supplier;

/**
 * One lock per enclave across every replica of enclave-command: a tentacle saga's step and the reconciler's pass over
 * the enclave take it, so the reconciler never sees a workload half-applied by a saga running on another replica,
 * and two replicas never repair (and record) the same drift twice. Re-entrant on one thread.
 */
@Component
public class EnclaveLocks {

    private final AdvisoryLocks locks;

    public EnclaveLocks(DataSource dataSource) {
        this.locks = new AdvisoryLocks(dataSource, "enclave-command/enclave");
    }

    public <T> T holding(EnclaveId enclave, Supplier<T> work) {
        return locks.holding(enclave.value(), work);
    }

    public void holding(EnclaveId enclave, Runnable work) {
        locks.holding(enclave.value(), work);
    }
}
