package io.enclavesuite.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fault suite's Kafka broker: a JVM of its own running Kafka's server main ({@code kafka.Kafka
 * server.properties}), single-node KRaft, on fixed loopback ports and one log folder, so it can be stopped (SIGTERM: a
 * controlled shutdown) or killed (SIGKILL) and started again on the same log, at the same address, under running
 * clients (scenarios 4 and 7). The in-process broker of test-support cannot: it lives and dies with its JVM and starts
 * on a new folder. The storage is formatted once here, in the harness JVM, with Kafka's own {@link Formatter}; the JVM
 * itself (its command line, log files, stop and kill) is a {@link ServiceProcess}.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    static final String MAIN = "kafka.Kafka";
    /** 143 = 128 + SIGTERM: how a JVM ends once its shutdown hooks (Kafka's controlled shutdown) have run. */
    static final int TERMINATED = 143;
    private static final int NODE_ID = 1;
    private static final Duration START = Duration.ofMinutes(3);

    private final Path folder;
    private final Path logDir;
    private final int port;
    private final ServiceProcess process;

    /**
     * Formats a new log folder and writes the broker's configuration; {@link #start()} runs it.
     *
     * @param jvmOptions the broker JVM's options (heap, GC)
     * @param logFolder  where its output goes, one file per start ({@code kafka-<n>.log})
     */
    KafkaBrokerProcess(List<String> jvmOptions, Path logFolder) {
        this.port = ServiceProcess.freePort();
        int controllerPort = ServiceProcess.freePort();
        try {
            folder = Files.createTempDirectory("enclave-faults-kafka");
            logDir = Files.createDirectories(folder.resolve("log"));
            Path config = folder.resolve("server.properties");
            Properties properties = properties(controllerPort);
            try (var out = Files.newOutputStream(config)) {
                properties.store(out, "the fault suite's broker (KafkaBrokerProcess)");
            }
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            List<String> options = new ArrayList<>(jvmOptions);
            // warnings only, to its log file: not a replica's logback configuration found on the shared classpath
            options.add("-Dlogback.configurationFile=fault-suite-logback.xml");
            process = ServiceProcess.plain("kafka", MAIN, options, List.of(config.toString()), logFolder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka broker's folder", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka broker's log folder", e);
        }
    }

    /** Plain listeners on loopback only: the clients' and the KRaft controller's, which only this broker talks to. */
    private Properties properties(int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // as test-support's in-process broker: topics a client asks for before a service made them are created
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        return props;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same log folder and port, and waits until it answers. */
    KafkaBrokerProcess start() {
        return launch().awaitAnswering();
    }

    /** Starts the broker's JVM and returns at once: the harness starts its other servers meanwhile. */
    KafkaBrokerProcess launch() {
        process.start();
        return this;
    }

    /** Waits until the broker answers a describeCluster; fails at once if its JVM exited. */
    KafkaBrokerProcess awaitAnswering() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            process.awaitReady(START, () -> {
                try {
                    return admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes()
                            .get(3, TimeUnit.SECONDS).size() == 1;
                } catch (ExecutionException | TimeoutException e) {
                    return false; // not listening yet
                }
            });
        }
        return this;
    }

    boolean alive() {
        return process.alive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * A graceful stop: SIGTERM, which Kafka's main answers with a controlled shutdown (its shutdown hook); waits until
     * it exited and returns the status ({@link #TERMINATED} when it went as meant).
     */
    int stop() {
        return process.stop(Duration.ofMinutes(2));
    }

    /** kill -9, and the proof that it was one: the exit status 137. */
    void kill() {
        if (!process.alive()) {
            throw new IllegalStateException("the Kafka broker does not run");
        }
        process.kill();
    }

    /** Right away, for a shutdown hook: SIGKILL, no wait. */
    void destroyNow() {
        process.destroyNow();
    }

    String describe() {
        return "Kafka broker process (kafka.Kafka, KRaft) at " + bootstrapServers() + ", log in " + logDir;
    }

    /** Stops the broker and deletes its folder. */
    @Override
    public void close() {
        stop();
        try {
            FileSystemUtils.deleteRecursively(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
