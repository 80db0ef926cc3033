package io.enclavesuite.command.database;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On upgrade, the service's migrations close its own database to the roles the provisioner made before (each marked
 * with its enclave): a tentacle's role cannot connect to the suite's database even if no tentacle is applied again.
 * Any other login role keeps connecting.
 */
class SuiteDatabaseClosedTest {

    private final TestInfrastructure infrastructure = TestInfrastructure.get();

    private static void sql(Connection connection, String statement) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void theMigrationsCloseTheSuitesDatabaseToTentacleRolesMadeBefore() throws Exception {
        String url = infrastructure.newDatabase();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tentacleRole = "enclave-upgrade-" + run + ".report";
        String serviceRole = "service-" + run;
        try (Connection admin = DriverManager.getConnection(url, infrastructure.postgresUsername(),
                infrastructure.postgresPassword())) {
            sql(admin, "CREATE ROLE \"" + tentacleRole + "\" LOGIN PASSWORD 'x'");
            sql(admin, "COMMENT ON ROLE \"" + tentacleRole + "\" IS 'enclave-suite:enclave=upgrade-" + run + "'");
            sql(admin, "CREATE ROLE \"" + serviceRole + "\" LOGIN PASSWORD 'x'");
        }
        try {
            Flyway.configure()
                    .dataSource(new DriverManagerDataSource(url, infrastructure.postgresUsername(),
                            infrastructure.postgresPassword()))
                    .schemas("enclave_command").defaultSchema("enclave_command").createSchemas(true)
                    .locations("classpath:db/migration/write-side", "classpath:db/migration/enclave-command")
                    .load().migrate();

            assertThatThrownBy(() -> DriverManager.getConnection(url, tentacleRole, "x").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for database");
            try (Connection service = DriverManager.getConnection(url, serviceRole, "x")) {
                assertThat(service.isValid(2)).isTrue();
            }
        } finally {
            try (Connection admin = DriverManager.getConnection(url, infrastructure.postgresUsername(),
                    infrastructure.postgresPassword())) {
                for (String role : new String[]{tentacleRole, serviceRole}) {
                    sql(admin, "DROP OWNED BY \"" + role + "\"");
                    sql(admin, "DROP ROLE \"" + role + "\"");
                }
            }
        }
    }
}
