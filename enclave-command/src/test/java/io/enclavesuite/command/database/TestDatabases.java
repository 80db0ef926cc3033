package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.testsupport.TestInfrastructure;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The real shared-database adapter on the test PostgreSQL, and a wrapper that refuses a number of calls first. */
public final class TestDatabases {

    public static PostgresDatabaseProvisioner provisioner() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String adminUrl = infrastructure.newDatabase();
        URI server = URI.create(adminUrl.substring("jdbc:".length()));
        return new PostgresDatabaseProvisioner(adminUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword(), server.getHost(), server.getPort(),
                CredentialKey.of("a test key of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether the enclave's database exists on the server. */
    public static boolean exists(EnclaveId enclave) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        try (var admin = java.sql.DriverManager.getConnection(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
             var query = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, enclave.namespace());
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a schema exists in the enclave's database (false when the database does not). */
    public static boolean schemaExists(EnclaveId enclave, String schema) {
        if (!exists(enclave)) {
            return false;
        }
        TestInfrastructure infrastructure = TestInfrastructure.get();
        String url = infrastructure.newDatabase().replaceFirst("/[^/?]+(\\?|$)", "/" + enclave.namespace() + "$1");
        try (var admin = java.sql.DriverManager.getConnection(url, infrastructure.postgresUsername(),
                infrastructure.postgresPassword());
             var query = admin.prepareStatement("select 1 from pg_namespace where nspname = ?")) {
            query.setString(1, schema);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refuses its next {@code failuresLeft} calls as an unreachable server would, then delegates. */
    public static final class Flaky implements DatabaseProvisioner {
        private final DatabaseProvisioner real;
        public int failuresLeft;

        public Flaky(DatabaseProvisioner real) {
            this.real = real;
        }

        private void maybeFail() {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("database server unavailable");
            }
        }

        @Override
        public void ensureEnclaveDatabase(EnclaveId enclave) {
            maybeFail();
            real.ensureEnclaveDatabase(enclave);
        }

        @Override
        public DatabaseCredentials ensureTentacleSchema(EnclaveId enclave, TentacleData data, int deployment) {
            maybeFail();
            return real.ensureTentacleSchema(enclave, data, deployment);
        }

        @Override
        public void setSchemaAccess(EnclaveId enclave, TentacleData data,
                                    java.util.Map<TentacleData, io.enclavesuite.api.tentacle.SchemaAccess> grants) {
            maybeFail();
            real.setSchemaAccess(enclave, data, grants);
        }

        @Override
        public void closeTentacleLogin(EnclaveId enclave, TentacleData data) {
            maybeFail();
            real.closeTentacleLogin(enclave, data);
        }

        @Override
        public void dropTentacleSchema(EnclaveId enclave, TentacleData data) {
            maybeFail();
            real.dropTentacleSchema(enclave, data);
        }

        @Override
        public void dropEnclaveDatabase(EnclaveId enclave) {
            maybeFail();
            real.dropEnclaveDatabase(enclave);
        }

        @Override
        public java.util.List<Missing> missingForTentacles(EnclaveId enclave,
                                                           java.util.Collection<TentacleData> data) {
            return real.missingForTentacles(enclave, data);
        }
    }

    private TestDatabases() {
    }
}
