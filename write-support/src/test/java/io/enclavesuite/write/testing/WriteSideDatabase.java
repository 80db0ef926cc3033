package io.enclavesuite.write.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;

/** A new database on the tests' PostgreSQL with the write side's tables (event store, tokens, sagas, dedupe), pooled. */
public final class WriteSideDatabase {

    private WriteSideDatabase() {
    }

    /** A pool of {@code size} connections on a new, migrated database; the caller closes it. */
    public static HikariDataSource fresh(int size) {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infrastructure.newDatabase());
        dataSource.setUsername(infrastructure.postgresUsername());
        dataSource.setPassword(infrastructure.postgresPassword());
        dataSource.setMaximumPoolSize(size);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/write-side").load().migrate();
        return dataSource;
    }
}
