package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;

/**
 * The shared PostgreSQL server's part of an enclave: one database per enclave, owned by the enclave's role; one
 * schema per tentacle in it, owned by the tentacle's own login role. Nobody else may connect to an enclave's
 * database. Every operation is idempotent — the sagas repeat steps after failures and restarts.
 */
public interface DatabaseProvisioner {

    /** Creates the enclave's role and database if missing. */
    void ensureEnclaveDatabase(EnclaveId enclave);

    /** Creates the tentacle's role and schema if missing; the same credentials every time. */
    DatabaseCredentials ensureTentacleSchema(EnclaveId enclave, TentacleName tentacle);

    /** Drops the tentacle's schema (with its tables) and its role; nothing when they are gone already. */
    void dropTentacleSchema(EnclaveId enclave, TentacleName tentacle);

    /** Drops the enclave's database and every role it made; nothing when they are gone already. */
    void dropEnclaveDatabase(EnclaveId enclave);
}
