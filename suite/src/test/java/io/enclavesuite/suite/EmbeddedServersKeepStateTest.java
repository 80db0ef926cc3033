package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The suite's data folder is its memory: what was written before a restart is there after it. */
class EmbeddedServersKeepStateTest {

    @Test
    void postgresKeepsARowAcrossARestart(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        String password;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            jdbc(postgres).execute("create table memory (what text)");
            jdbc(postgres).update("insert into memory values ('before the restart')");
            password = postgres.password();
            onlyItsPasswordOpens(postgres);
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class))
                    .containsExactly("before the restart");
            assertThat(jdbc(postgres).queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
            assertThat(postgres.describe()).startsWith("zonky's embedded PostgreSQL, data in " + dataDir.resolve("postgres"));
            assertThat(postgres.password()).as("kept with the data").isEqualTo(password);
            onlyItsPasswordOpens(postgres);
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(SuperuserPassword.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    /** Another user on this machine knows the superuser's name and initdb's habits, not the data folder's password. */
    @Test
    void aPasswordThatIsNotTheDataFoldersOpensNothing(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            onlyItsPasswordOpens(postgres);
        }
        Path file = dataDir.resolve(SuperuserPassword.FILE);
        Files.writeString(file, "A".repeat(43) + "\n"); // well formed, but not the one PostgreSQL holds
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, port))
                .hasMessageStartingWith("the superuser password in " + file + " does not open this data folder's "
                        + "PostgreSQL");
        Files.writeString(file, "postgres\n");
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, port))
                .hasMessageStartingWith(file + " does not hold a password the suite made");
        // (the right password opening it again is postgresKeepsARowAcrossARestart: zonky keeps the folder locked for
        // the rest of this JVM after a start it gave up on)
    }

    /**
     * Where zonky cannot run (root without user namespaces), the machine's binaries keep the data just as well. A
     * machine without PostgreSQL installed still runs this path: zonky's own binaries, unpacked, stand in for an
     * installed PostgreSQL (found on the PATH, as the suite would find one).
     */
    @Test
    void theMachinesPostgresKeepsARowAcrossARestart(@TempDir Path tempDir, @TempDir Path installed) throws Exception {
        Path dataDir = reachableByThePostgresUser(tempDir);
        Map<String, String> env = machineWithPostgres(reachableByThePostgresUser(installed));
        int port = freePort();
        var machine = EmbeddedPostgresServer.Binaries.MACHINE;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port, machine, env)) {
            jdbc(postgres).execute("create table memory (what text)");
            jdbc(postgres).update("insert into memory values ('before the restart')");
            assertThat(postgres.describe()).startsWith("machine's PostgreSQL ").contains(dataDir.resolve("postgres-machine").toString());
            onlyItsPasswordOpens(postgres);
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port, machine, env)) {
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class))
                    .containsExactly("before the restart");
        }
    }

    /**
     * A suite killed with -9 leaves PostgreSQL running on its folder; the next start stops that orphan first. The
     * orphan is left by a suite in a JVM of its own, killed with SIGKILL, on the binaries the suite picks here.
     */
    @Test
    void aPostgresLeftRunningByADeadSuiteIsStoppedFirst(@TempDir Path tempDir) throws Exception {
        Path dataDir = reachableByThePostgresUser(tempDir);
        int port = freePort();
        long orphanPid;
        Process deadSuite = DyingSuite.start(dataDir, port);
        try {
            DyingSuite.awaitReady(deadSuite);
            orphanPid = postmasterPid(dataDir);
            deadSuite.destroyForcibly(); // SIGKILL: no hook runs, PostgreSQL is left running
            deadSuite.onExit().get(1, TimeUnit.MINUTES);
            assertThat(ProcessHandle.of(orphanPid)).as("PostgreSQL outlives the killed suite").isPresent();
        } finally {
            deadSuite.destroyForcibly();
        }
        try {
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
                assertThat(ProcessHandle.of(orphanPid)).isEmpty();
                assertThat(jdbc(postgres).queryForList("select what from memory", String.class)).isEmpty();
            }
        } finally {
            ProcessHandle.of(orphanPid).ifPresent(ProcessHandle::destroy); // only if the test failed to stop it
        }
    }

    @Test
    void aBusyPortIsNamedWithTheSettingToChange(@TempDir Path dataDir) throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, busy.getLocalPort()))
                    .hasMessage("port " + busy.getLocalPort() + " is in use, so PostgreSQL cannot listen on it: "
                            + "choose another with --postgres-port=");
        }
    }

    @Test
    void oneSuitePerDataFolder(@TempDir Path dataDir) throws Exception {
        try (DataFolderLock first = DataFolderLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataFolderLock.acquire(dataDir))
                    .hasMessageStartingWith("another Enclave Suite is running with the data folder " + dataDir);
        }
        DataFolderLock.acquire(dataDir).close(); // free again once released
    }

    @Test
    void kafkaKeepsARecordAcrossARestart(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kafka");
        Path clients = dataDir.resolve("kafka-clients");
        TopicNames topics = new TopicNames("memory.");
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(logDir, port, controllerPort)) {
            kafka.ensureUsers(clients, topics);
            kafka.ensureTopics(topics, 1);
            try (KafkaProducer<String, String> producer = EmbeddedKafkaAuthTest.producerTo(kafka.bootstrapServers(),
                    EmbeddedKafkaAuthTest.login(clients, KafkaUsers.ENCLAVE_COMMAND))) {
                producer.send(new ProducerRecord<>(topics.enclaveEvents(), "k", "before the restart")).get();
            }
        }
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(logDir, port, controllerPort)) {
            kafka.ensureUsers(clients, topics);
            kafka.ensureTopics(topics, 1); // exists already: left as it is
            assertThat(EmbeddedKafkaAuthTest.readAll(kafka, EmbeddedKafkaAuthTest.login(clients, KafkaUsers.ENCLAVE_QUERY),
                    topics.enclaveEvents())).containsExactly("before the restart");
            // the command topics are stamped by the broker: the intake judges a signed envelope's age by that time
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                    kafka.adminSettings())) {
                var resource = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.commands());
                var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
                assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
                // no copy of a command outlives it by more than a bounded retention (docs/operations.md)
                assertThat(config.get("retention.ms").value()).isEqualTo(TopicNames.COMMAND_RETENTION_MS);
                var room = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.coordinationCommands());
                var deadLetters = new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topics.commandsDeadLetter());
                var configs = admin.describeConfigs(List.of(room, deadLetters)).all().get();
                assertThat(configs.get(room).get("retention.ms").value()).isEqualTo(TopicNames.COMMAND_RETENTION_MS);
                assertThat(configs.get(deadLetters).get("retention.ms").value())
                        .isEqualTo(TopicNames.DEAD_LETTER_RETENTION_MS);
            }
        }
    }

    /**
     * The suite, in a JVM of its own: it starts PostgreSQL on a data folder (as {@code --postgres-binaries=auto}
     * would), creates a table, says so, and waits to be killed.
     */
    public static final class DyingSuite {
        static final String READY = "postgres is up";

        public static void main(String[] args) throws Exception {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Path.of(args[0]), Integer.parseInt(args[1]));
            jdbc(postgres).execute("create table memory (what text)");
            System.out.println(READY);
            System.out.flush();
            // killed here; should the test's JVM vanish instead, its end of this pipe closes and nothing is left behind
            while (System.in.read() >= 0) {
                continue;
            }
            postgres.close();
        }

        static Process start(Path dataDir, int port) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    DyingSuite.class.getName(), dataDir.toString(), String.valueOf(port)).redirectErrorStream(true).start();
        }

        /** Reads what the suite prints until it is ready; fails with that output if it ends first. */
        static void awaitReady(Process suite) throws Exception {
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                StringBuilder output = new StringBuilder();
                try {
                    BufferedReader lines = new BufferedReader(new InputStreamReader(suite.getInputStream(), StandardCharsets.UTF_8));
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.equals(READY)) {
                            return null;
                        }
                        output.append(line).append('\n');
                    }
                } catch (IOException e) {
                    output.append(e);
                }
                return output.toString();
            });
            String failure = ready.get(3, TimeUnit.MINUTES);
            assertThat(failure).as("the suite that was to be killed did not start PostgreSQL").isNull();
        }
    }

    private static long postmasterPid(Path dataDir) throws IOException {
        for (String cluster : List.of("postgres", "postgres-machine")) {
            Path pidFile = dataDir.resolve(cluster).resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                return Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            }
        }
        throw new AssertionError("no postmaster.pid under " + dataDir);
    }

    /**
     * The environment the machine path is started with: this machine's own, when PostgreSQL is installed; else one
     * whose PATH holds zonky's PostgreSQL binaries, unpacked into {@code into}.
     */
    private static Map<String, String> machineWithPostgres(Path into) throws IOException {
        if (MachinePostgres.findBinaries(System.getenv()).isPresent()) {
            return System.getenv();
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "Darwin" : "Linux";
        String arch = "amd64".equals(System.getProperty("os.arch")) ? "x86_64" : System.getProperty("os.arch");
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(os, arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zonky's archive reaches outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                            (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", into.resolve("bin").toString());
        assertThat(MachinePostgres.findBinaries(env)).as("zonky's binaries unpacked into %s", into).isPresent();
        return env;
    }

    /** JUnit makes temporary folders private to their owner; as root, PostgreSQL runs as another user. */
    private static Path reachableByThePostgresUser(Path tempDir) throws Exception {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tempDir;
    }

    private static JdbcTemplate jdbc(EmbeddedPostgresServer postgres) {
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
                postgres.password()));
    }

    /** initdb made the cluster with trust authentication: once started, neither no password nor a guess gets in. */
    private static void onlyItsPasswordOpens(EmbeddedPostgresServer postgres) {
        for (String guess : List.of("", "postgres", "enclaves")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> {
                try (Connection ignored = DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
                        guess)) {
                    // opened: the assertion fails
                }
            }).isInstanceOf(SQLException.class).satisfies(e -> assertThat(((SQLException) e).getSQLState())
                    .as("refused for its password, not for anything else").isIn("28P01", "08004")));
        }
        assertThat(jdbc(postgres).queryForObject("select 1", Integer.class)).isEqualTo(1);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
