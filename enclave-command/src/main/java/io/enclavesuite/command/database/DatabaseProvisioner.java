package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.Map;

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

    /**
     * Exactly these other tentacles of the enclave may use the tentacle's schema, each as granted: on the tables and
     * sequences there now and (default privileges) those its owner creates later. Everyone else loses what they had.
     */
    void setSchemaAccess(EnclaveId enclave, TentacleName tentacle, Map<TentacleName, SchemaAccess> grants);

    /** Drops the tentacle's schema (with its tables) and its role; nothing when they are gone already. */
    void dropTentacleSchema(EnclaveId enclave, TentacleName tentacle);

    /** Drops the enclave's database and every role it made; nothing when they are gone already. */
    void dropEnclaveDatabase(EnclaveId enclave);
}
