package io.enclavesuite.suite;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A real PostgreSQL server run from zonky's binaries, its data in a folder the user can see, kept across restarts.
 * Durable commits are switched back on (zonky turns {@code synchronous_commit} off): the event store is the one
 * source of truth. As root, zonky runs the server under {@code unshare -U}; where user namespaces are disabled that
 * fails, and the error says what to do instead.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "enclaves";
    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException, SQLException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not start (" + e.getMessage() + "). Is port "
                    + port + " free (--postgres-port=)? Running as root needs user namespaces (unshare -U); "
                    + "otherwise point the suite at a PostgreSQL server with --spring.datasource.url=", e);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            boolean exists = c.createStatement()
                    .executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next();
            if (!exists) {
                c.createStatement().execute("create database " + DATABASE);
            }
        }
        return new EmbeddedPostgresServer(postgres);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
