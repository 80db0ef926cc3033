package io.enclavesuite.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * On one embedded PostgreSQL, with durable commits ({@code synchronous_commit=on}, fsync on), measures:
 * <ol>
 *   <li>raw single-row JDBC commits per second (a pooled connection, one insert, one commit);</li>
 *   <li>ProvisionEnclave commands per second through the command service's real Axon setup, sent the way the
 *       Kafka intake sends them: a new aggregate each time, its event appended to the JDBC event store and the
 *       processed-command row and the channel binding (a subscribing processor) written in the same transaction.
 *       The tracking processors (sagas, Kafka publisher) and the Git mirror are stopped, so what is measured is the
 *       command path, not Kubernetes, Kafka or Git;</li>
 * </ol>
 * each with 1 and 4 sending threads, and prints the ratio. Run: {@code bin/bench} or
 * {@code java -jar bench/target/bench-*-exec.jar [seconds-per-run]}.
 */
public final class CommandThroughputBenchmark {

    private static final int[] THREADS = {1, 4};

    public static void main(String[] args) throws Exception {
        Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 15);
        Duration warmup = Duration.ofSeconds(Math.max(3, run.toSeconds() / 3));
        Path data = Files.createTempDirectory("enclave-bench-pg");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(true)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            System.out.printf(Locale.ROOT, "PostgreSQL %s, durable commits; %d s per run after %d s warm-up; %d cores%n",
                    version(url), run.toSeconds(), warmup.toSeconds(), Runtime.getRuntime().availableProcessors());
            List<String> rows = new ArrayList<>();
            for (int threads : THREADS) {
                double raw = rawCommits(url, threads, warmup, run);
                double axon = axonCommands(url, threads, warmup, run);
                rows.add(String.format(Locale.ROOT, "| %d | %.0f | %.0f | %.2f |", threads, raw, axon, axon / raw));
            }
            System.out.println();
            System.out.println("| sending threads | raw JDBC commits/s | ProvisionEnclave commands/s | ratio |");
            System.out.println("|---|---|---|---|");
            rows.forEach(System.out::println);
        }
    }

    static double rawCommits(String url, int threads, Duration warmup, Duration run) throws Exception {
        try (HikariDataSource pool = pool(url, threads)) {
            try (Connection c = pool.getConnection()) {
                c.createStatement().execute("create table if not exists raw_commit (id bigserial primary key, "
                        + "aggregate text not null, payload bytea not null)");
            }
            byte[] payload = new byte[400]; // about the size of a serialized EnclaveProvisioningStarted
            Operation insert = () -> {
                try (Connection c = pool.getConnection();
                     PreparedStatement s = c.prepareStatement("insert into raw_commit (aggregate, payload) values (?, ?)")) {
                    s.setString(1, UUID.randomUUID().toString());
                    s.setBytes(2, payload);
                    s.executeUpdate();
                }
            };
            measure(insert, threads, warmup);
            return measure(insert, threads, run);
        }
    }

    static double axonCommands(String url, int threads, Duration warmup, Duration run) throws Exception {
        try (ConfigurableApplicationContext service = EnclaveCommandApplication.application().run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=" + (threads + 4),
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.admin.auto-create=false",
                "--axon.kafka.publisher.enabled=false",
                // no Kubernetes here: informers that cannot resolve the API would hold the start for minutes
                "--enclave.reconcile.enabled=false",
                "--enclave.reconcile.informers=false",
                // the mirror tails the store on the leader and commits to Git: a consumer of events, not the command path
                "--enclave.git-mirror.enabled=false",
                "--server.port=0",
                "--management.server.port=0", // another service on this machine may hold the default
                "--logging.level.root=WARN")) {
            for (EventProcessor processor : service.getBean(EventProcessingConfiguration.class).eventProcessors().values()) {
                if (processor instanceof SubscribingEventProcessor) {
                    continue; // runs in the appending command's transaction (the channel binding): part of the path
                }
                processor.shutDown();
                if (processor.isRunning()) {
                    throw new IllegalStateException("processor " + processor.getName() + " still runs");
                }
            }
            CommandGateway gateway = service.getBean(CommandGateway.class);
            AtomicLong sequence = new AtomicLong();
            String prefix = "b" + threads + "-" + Long.toHexString(System.nanoTime() & 0xffffff) + "-";
            String channels = Long.toString(System.nanoTime() & 0xffffff, 36);
            Operation provision = () -> {
                long n = sequence.incrementAndGet();
                String name = prefix + n;
                UUID commandId = UUID.randomUUID();
                // a channel and an owner per enclave: a channel binds one enclave, an owner holds a limited number
                String unique = (Long.toString(threads, 36) + channels + Long.toString(n, 36)).toUpperCase(Locale.ROOT);
                var command = new ProvisionEnclave(EnclaveId.of(name), new ChannelRef(ChannelId.of("C" + unique), name),
                        UserId.of("U" + unique), null, null);
                gateway.sendAndWait(new GenericCommandMessage<>(new GenericMessage<>(commandId.toString(), command,
                        MetaData.with(MetadataKeys.COMMAND_ID, commandId.toString())
                                .and(MetadataKeys.ACTOR, "U0BENCH").and(MetadataKeys.VIA, "kafka:bench")),
                        ProvisionEnclave.class.getName()));
            };
            measure(provision, threads, warmup);
            return measure(provision, threads, run);
        }
    }

    /** Runs {@code operation} in a loop on {@code threads} threads for {@code duration}; returns operations/s. */
    private static double measure(Operation operation, int threads, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    operation.run();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    private static String version(String url) throws Exception {
        try (HikariDataSource pool = pool(url, 1); Connection c = pool.getConnection()) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run() throws Exception;
    }
}
