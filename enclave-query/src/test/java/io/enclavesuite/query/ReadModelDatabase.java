package io.enclavesuite.query;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;

/** A real PostgreSQL database with the service's own migrations, new for every test so tests share no rows. */
public final class ReadModelDatabase {

    public static JdbcTemplate fresh() {
        return upTo(MigrationVersion.LATEST);
    }

    /** A new database with the migrations up to {@code version} only: to test the ones after it on rows it holds. */
    public static JdbcTemplate upTo(MigrationVersion version) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        flyway(dataSource, version).migrate();
        dataSource.setSchema("enclave_query");
        return new JdbcTemplate(dataSource);
    }

    /** Applies the migrations a database made by {@link #upTo} lacks. */
    public static void migrate(JdbcTemplate jdbc) {
        flyway(jdbc.getDataSource(), MigrationVersion.LATEST).migrate();
    }

    private static Flyway flyway(DataSource dataSource, MigrationVersion target) {
        return Flyway.configure().dataSource(dataSource).schemas("enclave_query").defaultSchema("enclave_query")
                .createSchemas(true).locations("classpath:db/migration/enclave-query").target(target).load();
    }

    private ReadModelDatabase() {
    }
}
