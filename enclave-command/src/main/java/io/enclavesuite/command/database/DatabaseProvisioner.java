package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.SchemaAccess;

import java.util.List;
import java.util.Map;

/**
 * The shared PostgreSQL server's part of an enclave: one database per enclave, owned by the enclave's role; one
 * schema per generation of a tentacle's data in it ({@link TentacleData}), owned by a login role of its own. Nobody
 * else may connect to an enclave's database, and the roles made for it connect to no other. Every operation is
 * idempotent — the sagas repeat steps after failures and restarts.
 */
public interface DatabaseProvisioner {

    /**
     * Creates the enclave's role and database if missing, and closes the server's databases that are not an
     * enclave's to every role the suite makes (see {@link PostgresDatabaseProvisioner}).
     */
    void ensureEnclaveDatabase(EnclaveId enclave);

    /**
     * Creates the role and schema of this generation of the tentacle's data if missing, and lets the role log in with
     * the password of this deployment; the same credentials every time for the same deployment.
     */
    DatabaseCredentials ensureTentacleSchema(EnclaveId enclave, TentacleData data, int deployment);

    /**
     * Exactly these other tentacles of the enclave (each by the generation its deployment uses) may use the
     * tentacle's schema, each as granted: on the tables and sequences there now and (default privileges) those its
     * owner creates later. Everyone else loses what they had.
     */
    void setSchemaAccess(EnclaveId enclave, TentacleData data, Map<TentacleData, SchemaAccess> grants);

    /** The role can no longer log in and its sessions end; its schema stays. Nothing when it is gone already. */
    void closeTentacleLogin(EnclaveId enclave, TentacleData data);

    /** Drops the schema (with its tables) and the role of this generation; nothing when they are gone already. */
    void dropTentacleSchema(EnclaveId enclave, TentacleData data);

    /** Drops the enclave's database and every role it made; nothing when they are gone already. */
    void dropEnclaveDatabase(EnclaveId enclave);

    /**
     * What {@link #ensureTentacleSchema} made for these generations of the enclave's tentacles' data that is gone now
     * — the enclave's database, a login role, a schema — for the reconciler, in one look per enclave; empty when all
     * of it is there.
     */
    List<Missing> missingForTentacles(EnclaveId enclave, java.util.Collection<TentacleData> data);

    /**
     * A database object of a tentacle's data that should be there: {@code PostgresDatabase} (the enclave's, named for
     * each tentacle that needs it), {@code PostgresRole} or {@code PostgresSchema}.
     */
    record Missing(TentacleData data, String kind, String name) {
    }
}
