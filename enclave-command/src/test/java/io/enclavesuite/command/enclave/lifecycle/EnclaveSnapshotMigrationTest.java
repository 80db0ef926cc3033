package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots of the Enclave that held one freeze reason are deleted on upgrade, so every enclave is sourced from its
 * events (which keep each freeze apart) and snapshotted afresh; a snapshot of the current shape stays.
 */
class EnclaveSnapshotMigrationTest {

    @Test
    void snapshotsOfTheEnclaveWithOneFreezeReasonAreDeletedOnUpgrade() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        migrate(dataSource, MigrationVersion.fromVersion("9"));
        dataSource.setSchema("enclave_command");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        snapshot(jdbc, "growth", "3");
        snapshot(jdbc, "team", "4");

        migrate(dataSource, MigrationVersion.LATEST);

        assertThat(jdbc.queryForList("SELECT aggregateidentifier FROM snapshotevententry", String.class))
                .containsExactly("team");
    }

    private static void snapshot(JdbcTemplate jdbc, String enclave, String revision) {
        jdbc.update("""
                INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, payload,
                    payloadrevision, payloadtype, timestamp) VALUES (?, 99, 'Enclave', ?, ?, ?, ?, ?)""",
                enclave, "snapshot-" + enclave, "{}".getBytes(StandardCharsets.UTF_8), revision,
                Enclave.class.getName(), "2026-11-22T10:00:00Z");
    }

    private static void migrate(DriverManagerDataSource dataSource, MigrationVersion target) {
        Flyway.configure().dataSource(dataSource).schemas("enclave_command").defaultSchema("enclave_command")
                .createSchemas(true).target(target)
                .locations("classpath:db/migration/write-side", "classpath:db/migration/enclave-command")
                .load().migrate();
    }
}
