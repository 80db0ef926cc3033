package io.enclavesuite.command.binding;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A fresh database with the command service's own migrations, on the test PostgreSQL. */
public final class CommandDatabase {

    public static JdbcTemplate migrated() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("enclave_command").defaultSchema("enclave_command")
                .createSchemas(true).locations("classpath:db/migration/write-side", "classpath:db/migration/enclave-command").load().migrate();
        dataSource.setSchema("enclave_command");
        return new JdbcTemplate(dataSource);
    }

    private CommandDatabase() {
    }
}
