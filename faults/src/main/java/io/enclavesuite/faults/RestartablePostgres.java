package io.enclavesuite.faults;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The services' PostgreSQL for the fault suite: zonky's embedded server (a real postgres process) on a fixed loopback
 * port and data folder, so it can be stopped and started again under running services (scenario 3) — they reconnect
 * to the same address and find their data. Durable commits (fsync and synchronous_commit on), as a deployment has.
 */
final class RestartablePostgres implements AutoCloseable {

    static final String USER = "postgres";
    private static final String DATABASE = "faults";

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    RestartablePostgres() {
        try {
            this.dataDir = Files.createTempDirectory("enclave-faults-pg");
        } catch (IOException e) {
            throw new UncheckedIOException("no folder for PostgreSQL's data", e);
        }
        this.port = ServiceProcess.freePort();
        start();
        try (Connection admin = DriverManager.getConnection(url("postgres"), USER, USER);
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + DATABASE);
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("cannot create the fault suite's database", e);
        }
    }

    /** Starts the server (again) on the same folder and port. */
    synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("PostgreSQL runs already on port " + port);
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false) // the harness stops it, after the replicas
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "localhost")
                    // three replicas' pools, their enclaves' databases and the harness's own connections
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port, e);
        }
    }

    /**
     * A fast shutdown (SIGINT to the postmaster): every open connection of the services breaks. zonky's stop gives
     * pg_ctl 5 s and only logs when that is not enough — under load the shutdown checkpoint takes longer — so this
     * waits for the postmaster itself to exit before the folder and port are used again.
     */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop", e);
        } finally {
            server = null;
        }
        postmaster.ifPresent(process -> {
            try {
                process.onExit().get(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("PostgreSQL (pid " + process.pid() + ") still runs 2 minutes after"
                        + " its shutdown began", e);
            }
        });
    }

    /** The postmaster, from the pid file it keeps in its data folder. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    String jdbcUrl() {
        return url(DATABASE);
    }

    private String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    String describe() {
        return "zonky's embedded PostgreSQL on port " + port + ", data in " + dataDir;
    }

    /** Stops the server and deletes its data folder. */
    @Override
    public void close() {
        stop();
        try {
            FileSystemUtils.deleteRecursively(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir, e);
        }
    }
}
