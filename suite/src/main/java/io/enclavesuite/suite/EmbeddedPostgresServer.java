package io.enclavesuite.suite;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server whose data lives under the suite's data folder, kept across restarts. zonky's binaries
 * (PostgreSQL 18, data in {@code postgres/}) are the default. Where they cannot run — as root zonky needs user
 * namespaces ({@code unshare -U}), which many containers forbid — the machine's own PostgreSQL binaries take over,
 * with their data in {@code postgres-machine/} (another major version cannot open zonky's folder). Durable commits
 * are on in both (zonky turns {@code synchronous_commit} off): the event store is the one source of truth. Both
 * listen on the loopback interface only, and both are made with trust authentication, which would let any process of
 * any user on this machine in as superuser: on every start the superuser gets the password kept in
 * {@code postgres-password} (generated on first use, readable by its owner only) and every connection must prove it
 * (SCRAM). A PostgreSQL reachable from other machines is one of your own ({@code --spring.datasource.url=}).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "enclaves";
    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    /** Which binaries run the server: {@code auto} tries zonky's, then the machine's. */
    enum Binaries {
        AUTO, EMBEDDED, MACHINE;

        static Binaries parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + text + "' is not one of auto, embedded, machine");
            }
        }
    }

    private final int port;
    private final String description;
    private final AutoCloseable server;
    private final String password;

    private EmbeddedPostgresServer(int port, String description, AutoCloseable server, String password) {
        this.port = port;
        this.description = description;
        this.server = server;
        this.password = password;
    }

    static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException, SQLException {
        return start(dataDir, port, Binaries.AUTO, System.getenv());
    }

    /** Starts PostgreSQL on {@code port} with its cluster in a folder under {@code dataDir}. */
    static EmbeddedPostgresServer start(Path dataDir, int port, Binaries binaries, Map<String, String> env)
            throws IOException, SQLException {
        Path zonkyDir = dataDir.resolve("postgres");
        Path machineDir = dataDir.resolve("postgres-machine");
        stopLeftOver(zonkyDir);
        stopLeftOver(machineDir);
        requireFree(port);
        String password = SuperuserPassword.readOrCreate(dataDir);
        boolean onlyMachineData = Files.exists(machineDir.resolve("PG_VERSION")) && !Files.exists(zonkyDir.resolve("PG_VERSION"));
        RuntimeException zonkyFailure = null;
        if (binaries == Binaries.EMBEDDED || binaries == Binaries.AUTO && !onlyMachineData) {
            try {
                return created(startZonky(zonkyDir, port, password), dataDir);
            } catch (IOException | RuntimeException e) {
                if (refusedItsPassword(e)) { // zonky's readiness check could not log in: not a reason to fall back
                    stopLeftOver(zonkyDir);
                    throw new IllegalStateException(wrongPassword(dataDir), e);
                }
                zonkyFailure = new IllegalStateException("zonky's embedded PostgreSQL did not start: " + e.getMessage(), e);
                if (binaries == Binaries.EMBEDDED) {
                    throw new IllegalStateException(zonkyFailure.getMessage() + ". " + advice(), e);
                }
            }
        }
        Optional<Path> bin = MachinePostgres.findBinaries(env);
        if (bin.isEmpty()) {
            String reason = zonkyFailure != null ? zonkyFailure.getMessage() + "; and n" : "N";
            throw new IllegalStateException(reason + "o PostgreSQL binaries on this machine either (looked in "
                    + MachinePostgres.places() + "). " + advice(), zonkyFailure);
        }
        if (zonkyFailure != null) {
            log.warn("{}. Falling back to this machine's PostgreSQL in {}", zonkyFailure.getMessage(), bin.get());
        }
        MachinePostgres machine = MachinePostgres.start(bin.get(), machineDir, port);
        return created(new EmbeddedPostgresServer(port, "machine's " + machine.version() + ", data in " + machineDir,
                machine::stop, password), dataDir);
    }

    private static EmbeddedPostgresServer startZonky(Path dir, int port, String password) throws IOException {
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // The suite stops PostgreSQL itself, after the services: zonky's own hook would stop it under them.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(30))
                // loopback only, whatever enclave.suite.bind-address says: it serves this machine's suite alone
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                // zonky's own readiness check logs in too: once started by the suite, the cluster asks a password
                .setConnectConfig("password", password)
                .start();
        return new EmbeddedPostgresServer(port, "zonky's embedded PostgreSQL, data in " + dir, postgres, password);
    }

    private static String advice() {
        return "Fixes: allow user namespaces (sysctl kernel.unprivileged_userns_clone=1, or a container with "
                + "--security-opt seccomp=unconfined), run as a non-root user, install PostgreSQL on this machine "
                + "(e.g. apt-get install postgresql; used with --postgres-binaries=machine or automatically), or use a "
                + "PostgreSQL server of your own with --spring.datasource.url= (+ username, password)";
    }

    /** Logs in with the server's password, makes every later connection prove it, and makes the suite's database. */
    private static EmbeddedPostgresServer created(EmbeddedPostgresServer server, Path dataDir)
            throws SQLException, IOException {
        try {
            Properties credentials = new Properties();
            credentials.setProperty("user", USER);
            credentials.setProperty("password", server.password);
            try (Connection c = connect(server, credentials, dataDir);
                 Statement statement = c.createStatement()) {
                SuperuserPassword.require(statement, server.password);
                if (!statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next()) {
                    statement.execute("create database " + DATABASE);
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Connection connect(EmbeddedPostgresServer server, Properties credentials, Path dataDir)
            throws SQLException {
        try {
            return new org.postgresql.Driver().connect(server.jdbcUrl("postgres"), credentials);
        } catch (SQLException e) {
            if (refusedItsPassword(e)) {
                throw new SQLException(wrongPassword(dataDir), e.getSQLState(), e);
            }
            throw e;
        }
    }

    private static boolean refusedItsPassword(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "28P01".equals(sql.getSQLState())) { // invalid_password
                return true;
            }
        }
        return false;
    }

    private static String wrongPassword(Path dataDir) {
        return "the superuser password in " + SuperuserPassword.file(dataDir) + " does not open this data folder's "
                + "PostgreSQL: put the right one back, or start over with a new data folder";
    }

    /**
     * A suite that died without stopping (kill -9, a crash) leaves its PostgreSQL running on the folder, and a new
     * server then refuses to start. Only one suite runs per data folder (it is locked), so that server is an orphan.
     */
    private static void stopLeftOver(Path clusterDir) throws IOException {
        Path pidFile = clusterDir.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(line -> line.contains(clusterDir.toString())).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("PostgreSQL (pid {}) was left running on {} by an earlier run: stopping it first", pid, clusterDir);
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor(); // fast shutdown
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("could not stop the PostgreSQL left running on " + clusterDir + " (pid " + pid
                    + "): stop it yourself", e);
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is in use, so PostgreSQL cannot listen on it: "
                    + "choose another with --postgres-port=", e);
        }
    }

    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The superuser's password, generated per data folder: the services' {@code spring.datasource.password}. */
    String password() {
        return password;
    }

    String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
