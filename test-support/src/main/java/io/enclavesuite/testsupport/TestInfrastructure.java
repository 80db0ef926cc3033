package io.enclavesuite.testsupport;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL, Kafka, a Kubernetes API and an S3-compatible store for tests, behind one interface whatever runs them (see {@link Kind}).
 * <p>
 * Started lazily once per JVM, because surefire reuses its JVM across test classes and starting servers is the
 * expensive part; stopped by a JVM shutdown hook. Tests isolate themselves instead of restarting servers: a fresh
 * database per test class ({@link #newDatabase()}) and a unique Kafka topic prefix ({@link #uniqueTopicPrefix()}).
 * Use it directly, or through {@link EnclaveInfrastructure @EnclaveInfrastructure}.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    private static volatile TestInfrastructure instance;
    /** A failed start is remembered: every later test class fails fast with the same cause instead of retrying. */
    private static RuntimeException startFailure;

    private final Kind kind;
    private final Servers.Postgres postgres;
    private final Servers.Kafka kafka;
    private final Servers.Kubernetes kubernetes;
    private final Servers.ObjectStore objectStore;
    private final Path kubeconfig;

    private TestInfrastructure(Kind kind, Servers.Postgres postgres, Servers.Kafka kafka,
                               Servers.Kubernetes kubernetes, Servers.ObjectStore objectStore, Path kubeconfig) {
        this.kind = kind;
        this.postgres = postgres;
        this.kafka = kafka;
        this.kubernetes = kubernetes;
        this.objectStore = objectStore;
        this.kubeconfig = kubeconfig;
    }

    /** The servers of this JVM, started on first call (selection: {@code ENCLAVE_TEST_INFRA}, see {@link Kind}). */
    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current != null) {
            return current;
        }
        synchronized (TestInfrastructure.class) {
            if (instance == null) {
                if (startFailure != null) {
                    throw new IllegalStateException("The test infrastructure failed to start earlier in this JVM: "
                            + startFailure.getMessage(), startFailure);
                }
                try {
                    instance = start();
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Creates an empty database with a unique name and returns its JDBC URL, so each test class (or Spring context)
     * starts from a clean schema without restarting PostgreSQL. Connect with {@link #postgresUsername()} and
     * {@link #postgresPassword()}. Databases are not dropped: the whole server goes away with the JVM.
     */
    public synchronized String newDatabase() {
        String name = "db_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(),
                postgres.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return postgres.jdbcUrl(name);
    }

    public String postgresUsername() {
        return postgres.username();
    }

    public String postgresPassword() {
        return postgres.password();
    }

    /** The S3-compatible store's endpoint (path-style), administrator keys, and how the suite makes users there. */
    public java.net.URI objectStoreEndpoint() {
        return objectStore.endpoint();
    }

    public String objectStoreAccessKey() {
        return objectStore.accessKey();
    }

    public String objectStoreSecretKey() {
        return objectStore.secretKey();
    }

    /** {@code minio} where the store enforces per-user policies (Docker), {@code unchecked} for the embedded one. */
    public String objectStoreUsers() {
        return objectStore.users();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * A kubeconfig file for the API server in use: services read it from {@code enclave.kubernetes.kubeconfig} exactly
     * as they would in production, so no test-only client wiring is needed.
     */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A new S3 client for the object store with its administrator keys, path-style; the caller closes it. */
    public S3Client newS3Client() {
        return newS3Client(objectStore.endpoint(), objectStore.accessKey(), objectStore.secretKey());
    }

    /** A path-style S3 client for {@code endpoint} with these keys (a workload's, say); the caller closes it. */
    public static S3Client newS3Client(java.net.URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A new fabric8 client built from {@link #kubeconfig()}, for test assertions; the caller closes it. */
    public KubernetesClient newKubernetesClient() {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubernetes.kubeconfigYaml())).build();
    }

    /**
     * A short, unique Kafka topic prefix such as {@code "t3f9a1c2b."}: tests share one broker, so each isolates its
     * topics (and thus never sees another test's records) by prefixing them.
     */
    public static String uniqueTopicPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    }

    /** One receipt signing key for every service of this JVM, as a deployment mounts one Secret into each. */
    public static final Path RECEIPT_KEY_FILE = temporaryKeyFile("enclave-receipts", "signing-key.pem");
    /**
     * The read API's local token issuer key of this JVM: enclave-query checks tokens with it, and tests mint theirs
     * with it ({@link ApiTokens}), so no test key is ever written to a data folder.
     */
    public static final Path API_TOKEN_KEY_FILE = temporaryKeyFile("enclave-api-token", "token-key.pem");

    /**
     * The services of the suite that issue tokens of their own ({@code enclave.api.auth.service-issuers}), each with
     * a private key of this JVM ({@link #serviceTokenKeyFile}); every service started with {@link #springProperties}
     * trusts their public halves.
     */
    public static final java.util.List<String> SERVICE_ISSUERS = java.util.List.of("slack-gateway", "console");
    private static final Path SERVICE_TOKEN_KEY_FOLDER = temporaryKeyFile("enclave-service-tokens", "keys").getParent();

    /** The private token key of a service issuer of this JVM ({@link #SERVICE_ISSUERS}); made on first use. */
    public static synchronized Path serviceTokenKeyFile(String service) {
        Path file = SERVICE_TOKEN_KEY_FOLDER.resolve(service + ".key.pem");
        Path publicHalf = SERVICE_TOKEN_KEY_FOLDER.resolve(service + ".pub.pem");
        if (!java.nio.file.Files.exists(publicHalf)) {
            io.enclavesuite.auth.ServiceTokenIssuer.writePublicKey(service, file, publicHalf);
            file.toFile().deleteOnExit();
            publicHalf.toFile().deleteOnExit();
        }
        return file;
    }

    /** The public half of {@link #serviceTokenKeyFile}: what the read side trusts that service with. */
    public static Path serviceTokenPublicKeyFile(String service) {
        return serviceTokenKeyFile(service).resolveSibling(service + ".pub.pem");
    }

    /**
     * The principals' keys of this JVM's tests ({@code <id>.key.pem}, {@code <id>.pub.pem}): the services read the
     * public halves from here ({@code enclave.principals.key-folder}), senders sign with the private ones.
     */
    public static final Path PRINCIPAL_KEY_FOLDER = temporaryKeyFile("enclave-principals", "keys").getParent();

    /** Principals registered to act for anyone in tests: what a test's {@link CommandChannel} may sign as. */
    public static final java.util.List<String> TEST_SENDERS = java.util.List.of("suite-test", "coordination-test",
            "enclavectl", "bench");

    /** The private key file of a test principal, made on first use. */
    public static synchronized Path principalKey(String principal) {
        io.enclavesuite.trust.PrincipalKeyFiles.loadOrCreate(PRINCIPAL_KEY_FOLDER, principal,
                new java.security.SecureRandom());
        return io.enclavesuite.trust.PrincipalKeyFiles.privateKeyFile(PRINCIPAL_KEY_FOLDER, principal);
    }

    private static Path temporaryKeyFile(String folderPrefix, String name) {
        try {
            Path folder = java.nio.file.Files.createTempDirectory(folderPrefix);
            folder.toFile().deleteOnExit();
            Path file = folder.resolve(name);
            file.toFile().deleteOnExit(); // registered last, so deleted before its folder
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot make a folder for the test key " + name, e);
        }
    }

    /**
     * Spring properties for one service context: {@code spring.datasource.url/username/password},
     * {@code spring.kafka.bootstrap-servers}, {@code enclave.kafka.topic-prefix},
     * {@code enclave.kubernetes.kubeconfig}, {@code receipts.signing-key-file},
     * {@code enclave.database.credential-key-file}, {@code coordination.key-encryption.key-file},
     * {@code enclave.api.auth.local-key-file}, {@code enclave.api.auth.service-issuers.*},
     * {@code enclave.object-storage.*}, {@code enclave.git-mirror.directory} (a new folder) and
     * {@code management.server.port} (0: any free port).
     *
     * @param jdbcUrl     the database to use, or null for a fresh one ({@link #newDatabase()}); pass the same URL to
     *                    several contexts that must share one event store
     * @param topicPrefix the topic prefix to use, or null for a fresh one ({@link #uniqueTopicPrefix()})
     */
    public Map<String, Object> springProperties(String jdbcUrl, String topicPrefix) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl != null ? jdbcUrl : newDatabase());
        properties.put("spring.datasource.username", postgresUsername());
        properties.put("spring.datasource.password", postgresPassword());
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        properties.put("enclave.kafka.topic-prefix", topicPrefix != null ? topicPrefix : uniqueTopicPrefix());
        properties.put("enclave.kubernetes.kubeconfig", kubeconfig.toString());
        properties.put("receipts.signing-key-file", RECEIPT_KEY_FILE.toString());
        properties.put("enclave.database.credential-key-file", RECEIPT_KEY_FILE.resolveSibling("credential-key").toString());
        // the room keys' KEK outside every test database, as a deployment mounts it from a Secret
        properties.put("coordination.key-encryption.key-file", RECEIPT_KEY_FILE.resolveSibling("room-kek").toString());
        properties.put("enclave.object-storage.endpoint", objectStore.endpoint().toString());
        properties.put("enclave.object-storage.access-key", objectStore.accessKey());
        properties.put("enclave.object-storage.secret-key", objectStore.secretKey());
        properties.put("enclave.object-storage.users", objectStore.users());
        properties.put("enclave.api.auth.local-key-file", API_TOKEN_KEY_FILE.toString());
        for (String service : SERVICE_ISSUERS) {
            properties.put("enclave.api.auth.service-issuers." + service, serviceTokenPublicKeyFile(service).toString());
        }
        // the principals of this JVM's tests: their public keys in one folder, their registry as a deployment writes it
        properties.put("enclave.principals.key-folder", PRINCIPAL_KEY_FOLDER.toString());
        properties.put("enclave.principals.registry.slack-gateway.commands", "*");
        properties.put("enclave.principals.registry.slack-gateway.acts-for", "slack-users");
        properties.put("enclave.principals.registry.slack-gateway.channel-facts", "true");
        for (String sender : TEST_SENDERS) {
            principalKey(sender); // made before any service reads the folder, not when a sender first signs
            properties.put("enclave.principals.registry." + sender + ".commands", "*");
            properties.put("enclave.principals.registry." + sender + ".acts-for", "anyone");
            // the test senders stand in for the gateway in flows that archive a channel; enclavectl does not, as
            // in the suite: it may not state a channel fact
            properties.put("enclave.principals.registry." + sender + ".channel-facts",
                    Boolean.toString(!sender.equals("enclavectl")));
        }
        // as the suite registers it on one machine: the operator tool, which may break glass with a stated reason
        properties.put("enclave.principals.registry.enclavectl.operator", "true");
        properties.put("enclave.slack.principal-key-file", principalKey("slack-gateway").toString());
        // the console's principal as write-side.yml registers it; its key made before any service reads the folder
        properties.put("enclave.console.principal-key-file", principalKey("console").toString());
        // the actuator on a free port of its own, as each service's yml puts it on a fixed one: read it back from
        // the context's local.management.port
        properties.put("management.server.port", 0);
        // enclave-command's Git mirror in a working copy of this context's own, never in the module's folder; a
        // context that restarts over the same database finds it empty and mirrors every enclave again
        try {
            properties.put("enclave.git-mirror.directory", Files.createTempDirectory("enclave-git-mirror").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(properties);
    }

    @Override
    public String toString() {
        return "TestInfrastructure[" + kind + ": " + postgres.describe() + "; " + kafka.describe() + "; "
                + kubernetes.describe() + "; " + objectStore.describe() + "]";
    }

    private static TestInfrastructure start() {
        long began = System.nanoTime();
        String setting = Kind.configuredSetting();
        AtomicBoolean dockerProbed = new AtomicBoolean();
        Kind kind = Kind.choose(setting, () -> {
            dockerProbed.set(true);
            return DockerClientFactory.instance().isDockerAvailable();
        });
        log.info("Test infrastructure: {} (ENCLAVE_TEST_INFRA / -Denclave.test.infra = {}{}), chosen in {} ms", kind,
                setting == null ? "unset, i.e. auto" : setting,
                kind == Kind.EMBEDDED && dockerProbed.get()
                        ? "; no Docker engine reachable, so Testcontainers' error above is expected" : "",
                millisSince(began));
        Servers servers = kind == Kind.DOCKER ? new DockerServers() : new EmbeddedServers();

        // The three start in parallel: with Docker they mostly wait (image pulls, k3s boot); embedded, the PostgreSQL
        // process runs beside the in-JVM broker. If one fails, the others are awaited and stopped again.
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "enclave-test-infrastructure-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Servers.Postgres> postgres = executor.submit(timed("PostgreSQL", servers::startPostgres));
            Future<Servers.Kafka> kafka = executor.submit(timed("Kafka", servers::startKafka));
            Future<Servers.Kubernetes> kubernetes = executor.submit(timed("Kubernetes API", servers::startKubernetes));
            Future<Servers.ObjectStore> objectStore = executor.submit(timed("object store", servers::startObjectStore));
            List<Servers.Server> started = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<? extends Servers.Server> future : List.of(postgres, kafka, kubernetes, objectStore)) {
                try {
                    started.add(await(future));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                stopAll(started);
                throw failure;
            }
            TestInfrastructure infrastructure;
            try {
                infrastructure = new TestInfrastructure(kind, await(postgres), await(kafka), await(kubernetes),
                        await(objectStore), writeKubeconfig(await(kubernetes).kubeconfigYaml()));
            } catch (RuntimeException e) {
                stopAll(started);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(
                    new Thread(infrastructure::stop, "enclave-test-infrastructure-shutdown"));
            log.info("Test infrastructure ({}) ready in {} ms; kubeconfig {}", kind, millisSince(began),
                    infrastructure.kubeconfig);
            return infrastructure;
        } finally {
            executor.shutdown();
        }
    }

    private static <T extends Servers.Server> Callable<T> timed(String what, Callable<T> starter) {
        return () -> {
            long began = System.nanoTime();
            T server = starter.call();
            log.info("{} started in {} ms: {}", what, millisSince(began), server.describe());
            return server;
        };
    }

    /** The started server, or the failure of its start unwrapped (a checked one wrapped in IllegalStateException). */
    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Test infrastructure failed to start: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the test infrastructure", e);
        }
    }

    private static Path writeKubeconfig(String yaml) {
        try {
            // createTempFile makes it readable by the owner only: a k3s kubeconfig holds a client key.
            Path file = Files.createTempFile("enclave-test-kubeconfig-", ".yaml");
            return Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the test kubeconfig", e);
        }
    }

    private void stop() {
        long began = System.nanoTime();
        stopAll(List.of(postgres, kafka, kubernetes, objectStore));
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            log.warn("Cannot delete {}", kubeconfig, e);
        }
        log.info("Test infrastructure ({}) stopped in {} ms", kind, millisSince(began));
    }

    /** Stops in reverse start order; one server failing to stop does not keep the others running. */
    private static void stopAll(List<? extends Servers.Server> servers) {
        List<Servers.Server> reversed = new ArrayList<>(servers);
        Collections.reverse(reversed);
        for (Servers.Server server : reversed) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("Failed to stop {}", server.describe(), e);
            }
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
