package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The suite's data folder is its memory: what was written before a restart is there after it. */
class EmbeddedServersKeepStateTest {

    @Test
    void postgresKeepsARowAcrossARestart(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            jdbc(postgres).execute("create table memory (what text)");
            jdbc(postgres).update("insert into memory values ('before the restart')");
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class))
                    .containsExactly("before the restart");
            assertThat(jdbc(postgres).queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
            assertThat(postgres.describe()).startsWith("zonky's embedded PostgreSQL, data in " + dataDir.resolve("postgres"));
        }
    }

    /** Where zonky cannot run (root without user namespaces), the machine's binaries keep the data just as well. */
    @Test
    void theMachinesPostgresKeepsARowAcrossARestart(@TempDir Path tempDir) throws Exception {
        assumeTrue(MachinePostgres.findBinaries(System.getenv()).isPresent(), "no PostgreSQL binaries on this machine");
        Path dataDir = reachableByThePostgresUser(tempDir);
        int port = freePort();
        var machine = EmbeddedPostgresServer.Binaries.MACHINE;
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port, machine, System.getenv())) {
            jdbc(postgres).execute("create table memory (what text)");
            jdbc(postgres).update("insert into memory values ('before the restart')");
            assertThat(postgres.describe()).startsWith("machine's PostgreSQL ").contains(dataDir.resolve("postgres-machine").toString());
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port, machine, System.getenv())) {
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class))
                    .containsExactly("before the restart");
        }
    }

    /** A suite killed with -9 leaves PostgreSQL running on its folder; the next start stops that orphan first. */
    @Test
    void aPostgresLeftRunningByADeadSuiteIsStoppedFirst(@TempDir Path tempDir) throws Exception {
        assumeTrue(MachinePostgres.findBinaries(System.getenv()).isPresent(), "no PostgreSQL binaries on this machine");
        Path dataDir = reachableByThePostgresUser(tempDir);
        int port = freePort();
        var machine = EmbeddedPostgresServer.Binaries.MACHINE;
        EmbeddedPostgresServer orphan = EmbeddedPostgresServer.start(dataDir, port, machine, System.getenv());
        jdbc(orphan).execute("create table memory (what text)");
        long orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres-machine/postmaster.pid")).get(0));
        // never closed, as if its JVM had died

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port, machine, System.getenv())) {
            assertThat(ProcessHandle.of(orphanPid)).isEmpty();
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class)).isEmpty();
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
                assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                        .get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
            }
        }
    }

    /** JUnit makes temporary folders private to their owner; as root, PostgreSQL runs as another user. */
    private static Path reachableByThePostgresUser(Path tempDir) throws Exception {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tempDir;
    }

    private static JdbcTemplate jdbc(EmbeddedPostgresServer postgres) {
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.USER));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
