package io.enclavesuite.query;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A real PostgreSQL database with the service's own migrations, new for every test so tests share no rows. */
public final class ReadModelDatabase {

    public static JdbcTemplate fresh() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        Flyway.configure().dataSource(dataSource).schemas("enclave_query").defaultSchema("enclave_query")
                .createSchemas(true).locations("classpath:db/migration/enclave-query").load().migrate();
        dataSource.setSchema("enclave_query");
        return new JdbcTemplate(dataSource);
    }

    private ReadModelDatabase() {
    }
}
