package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.console.ConsoleApplication;
import io.enclavesuite.coordination.CoordinationServiceApplication;
import io.enclavesuite.objectstore.EmbeddedObjectStore;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.slack.SlackGatewayApplication;
import io.enclavesuite.trust.PrincipalKeyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Every service of the suite in one JVM on embedded defaults: PostgreSQL and Kafka with their data under the data
 * folder, and a Kubernetes API (a configured cluster, else fabric8's mock). Each service runs as its own Spring
 * context with its own configuration file, exactly as it would in its own process.
 * <p>
 * The suite owns shutdown: Spring's and zonky's own JVM hooks are off, because hooks run concurrently and
 * PostgreSQL or Kafka would vanish under services still closing. One hook stops everything in reverse order.
 */
public final class SuiteApplication {

    private static final Logger log = LoggerFactory.getLogger(SuiteApplication.class);

    /**
     * The broker runs in this JVM, so its INFO chatter (hundreds of lines per start) would bury the services' logs.
     * Passed before the user's arguments, so {@code --logging.level.kafka=INFO} brings it back.
     */
    private static final Map<String, LogLevel> QUIET = Map.of("kafka", LogLevel.WARN,
            "state.change.logger", LogLevel.WARN, "org.apache.kafka", LogLevel.WARN);

    /**
     * Spring Boot's web security defaults, there because the read API, the write services and the console bring
     * Spring Security onto the suite's one classpath. Each service declares its own security (bearer tokens; the
     * console's sign-in; the Slack gateway's Sign in with Slack, on its sign-in paths only, Slack's signatures
     * elsewhere), which makes them back off anyway; left out here all the same, so that no service ever gets a
     * generated password or a login it did not ask for.
     */
    private static final List<String> DEFAULT_WEB_SECURITY = List.of(SecurityAutoConfiguration.class.getName(),
            UserDetailsServiceAutoConfiguration.class.getName(), ManagementWebSecurityAutoConfiguration.class.getName(),
            OAuth2ResourceServerAutoConfiguration.class.getName());

    private static final String SLACK_GATEWAY = "slack-gateway";
    private static final String ENCLAVECTL = "enclavectl";
    private static final String CONSOLE = "console";
    /** The Kafka logins' folder under the data folder: enclavectl looks for its own there too. */
    static final String KAFKA_CLIENTS = "kafka-clients";

    private final List<Running> running = new ArrayList<>();
    private boolean stopping;

    private record Running(String name, AutoCloseable resource) {
    }

    public static void main(String[] args) {
        SuiteApplication suite = new SuiteApplication();
        Runtime.getRuntime().addShutdownHook(new Thread(suite::stop, "suite-shutdown"));
        try {
            Map<String, String> systemProperties = new HashMap<>();
            System.getProperties().forEach((k, v) -> systemProperties.put(k.toString(), v.toString()));
            suite.start(SuiteSettings.from(args, System.getenv(), systemProperties));
        } catch (Exception e) {
            if (suite.isStopping()) {
                log.info("Stopped while starting");
                return; // the shutdown hook is already stopping what had started
            }
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                // The launcher's own errors name what to change; the stack trace would only hide that.
                log.error("The suite did not start: {}", e.getMessage());
                log.debug("Details", e);
            } else {
                log.error("The suite did not start: {}", e.getMessage(), e);
            }
            suite.stop();
            System.exit(1);
        }
    }

    void start(SuiteSettings settings) throws Exception {
        long began = System.nanoTime();
        LoggingSystem logging = LoggingSystem.get(SuiteApplication.class.getClassLoader());
        QUIET.forEach(logging::setLogLevel);
        Files.createDirectories(settings.dataDir());
        synchronized (this) {
            running.add(new Running(null, DataFolderLock.acquire(settings.dataDir()))); // released last, silently
        }
        log.info("Data folder: {}", settings.dataDir());
        List<String> infrastructure = new ArrayList<>();
        QUIET.forEach((name, level) -> infrastructure.add("--logging.level." + name + "=" + level));
        // Both write services sign receipts with this key, and the read side publishes its public half.
        infrastructure.add("--receipts.signing-key-file=" + settings.dataDir().resolve("receipts").resolve("signing-key.pem"));
        // The read API's local token issuer: enclavectl token signs with this key, enclave-query checks with it.
        infrastructure.add("--enclave.api.auth.local-key-file=" + settings.dataDir().resolve("api").resolve("token-key.pem"));
        // The services that sign people in themselves (the Slack gateway, the console) mint with keys of their own;
        // the read side and the write services trust the public halves beside the local issuer.
        infrastructure.addAll(ServiceIssuerKeys.trust(settings.dataDir()));
        // Each enclave's database role password is derived from this key.
        infrastructure.add("--enclave.database.credential-key-file="
                + settings.dataDir().resolve("database").resolve("credential-key"));
        // The Git mirror's working copy of every enclave's manifest (enclaves/<name>/enclave.yaml)
        infrastructure.add("--enclave.git-mirror.directory=" + settings.dataDir().resolve("git-mirror"));
        // The key-encryption key that wraps every room's private key: outside the database, made on first start.
        infrastructure.add("--coordination.key-encryption.key-file="
                + settings.dataDir().resolve("coordination").resolve("key-encryption-key"));
        // The principals that may sign commands on one machine, with their keys in the data folder: the Slack gateway
        // and the console (for the people they verified) and enclavectl, the machine owner's operator tool (for anyone).
        Path principals = settings.dataDir().resolve("principals");
        for (String principal : List.of(SLACK_GATEWAY, ENCLAVECTL, CONSOLE)) {
            PrincipalKeyFiles.loadOrCreate(principals, principal, new SecureRandom());
        }
        infrastructure.add("--enclave.principals.key-folder=" + principals);
        infrastructure.add("--enclave.principals.registry." + ENCLAVECTL + ".commands=*");
        infrastructure.add("--enclave.principals.registry." + ENCLAVECTL + ".acts-for=anyone");
        infrastructure.add("--enclave.principals.registry." + ENCLAVECTL + ".operator=true");
        // One JVM has one Logback: the first service's name would tag every line, the other service's too.
        infrastructure.add("--logging.include-application-name=false");

        // Started first so that the mock stops last, after the services, Kafka and PostgreSQL.
        Optional<KubernetesApi.Real> cluster = KubernetesApi.configuredCluster(settings.kubeconfig(), System.getenv(),
                Path.of(System.getProperty("user.home")), Files::isRegularFile);
        KubernetesApi kubernetes = cluster.isPresent() ? cluster.get()
                : step("the Kubernetes mock API server", () -> KubernetesApi.Mock.start(settings.dataDir()));
        kubernetes.kubeconfig().ifPresent(file -> infrastructure.add("--enclave.kubernetes.kubeconfig=" + file));
        String kubernetesApi = kubernetes.describe();
        log.info("Kubernetes API: {}", kubernetesApi);
        if (cluster.isPresent()) {
            log.warn("Provisioning an enclave creates a real namespace and its objects on that "
                    + "cluster. To use the in-memory mock instead, run with KUBECONFIG and ~/.kube/config out of reach.");
        }

        String postgres;
        if (settings.externalDatasourceUrl().isPresent()) {
            postgres = "external PostgreSQL at " + settings.externalDatasourceUrl().get();
        } else {
            EmbeddedPostgresServer server = step("PostgreSQL", () -> EmbeddedPostgresServer.start(settings.dataDir(),
                    settings.postgresPort(), settings.postgresBinaries(), System.getenv()));
            infrastructure.add("--spring.datasource.url=" + server.jdbcUrl());
            infrastructure.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
            infrastructure.add("--spring.datasource.password=" + server.password());
            postgres = server.jdbcUrl() + " (" + server.describe() + ")";
        }
        log.info("PostgreSQL: {}", postgres);

        String kafka;
        // each service's own login to the in-process broker; none for an external Kafka (the user's arguments say how)
        Map<String, KafkaLogin> kafkaLogins = Map.of();
        if (settings.externalKafka().isPresent()) {
            kafka = "external Kafka at " + settings.externalKafka().get();
        } else {
            Path dir = settings.dataDir().resolve("kafka");
            EmbeddedKafkaServer server = step("Kafka",
                    () -> EmbeddedKafkaServer.start(dir, settings.kafkaPort(), settings.kafkaControllerPort(),
                            settings.bindAddress()));
            TopicNames topics = new TopicNames(settings.topicPrefix());
            Path clients = settings.dataDir().resolve(KAFKA_CLIENTS);
            kafkaLogins = server.ensureUsers(clients, topics);
            server.ensureTopics(topics, 3);
            infrastructure.add("--spring.kafka.bootstrap-servers=" + server.bootstrapServers());
            kafka = "in-process Kafka (KRaft) at " + server.bootstrapServers() + ", log in " + dir
                    + ", SCRAM logins in " + clients;
        }
        log.info("Kafka: {}", kafka);

        String objectStore;
        if (settings.externalObjectStore().isPresent()) {
            objectStore = "external S3-compatible store at " + settings.externalObjectStore().get();
        } else {
            Path dir = settings.dataDir().resolve("objects");
            EmbeddedObjectStore store = step("the object store",
                    () -> EmbeddedObjectStore.start(dir, settings.objectStorePort(), settings.bindAddress()));
            infrastructure.add("--enclave.object-storage.endpoint=" + store.endpoint());
            infrastructure.add("--enclave.object-storage.access-key=embedded");
            infrastructure.add("--enclave.object-storage.secret-key=embedded");
            // S3Mock checks no credentials: each tentacle still gets keys of its own, but nothing enforces them
            infrastructure.add("--enclave.object-storage.users=unchecked");
            objectStore = "embedded S3-compatible store (S3Mock) at " + store.endpoint() + ", objects in " + dir;
        }
        log.info("Object storage: {}", objectStore);

        SuiteSettings.ManagementPorts management = settings.managementPorts();
        List<String> command = withKafkaLogin(infrastructure, kafkaLogins, KafkaUsers.ENCLAVE_COMMAND);
        step("enclave-command", () -> service(EnclaveCommandApplication.application(), command, settings,
                settings.commandPort(), management.command()));
        List<String> coordination = withKafkaLogin(infrastructure, kafkaLogins, KafkaUsers.COORDINATION_SERVICE);
        step("coordination-service", () -> service(CoordinationServiceApplication.application(), coordination,
                settings, settings.coordinationPort(), management.coordination()));
        List<String> query = withKafkaLogin(infrastructure, kafkaLogins, KafkaUsers.ENCLAVE_QUERY);
        step("enclave-query", () -> service(EnclaveQueryApplication.application(), query, settings,
                settings.apiPort(), management.api()));
        List<String> gateway = withKafkaLogin(infrastructure, kafkaLogins, KafkaUsers.SLACK_GATEWAY);
        SlackSigningSecret secret = SlackSigningSecret.of(System.getenv(), settings.dataDir().resolve("slack"));
        gateway.add("--enclave.slack.signing-secret=" + secret.value());
        gateway.add("--enclave.slack.issuer-key-file="
                + ServiceIssuerKeys.privateKeyFile(settings.dataDir(), ServiceIssuerKeys.SLACK_GATEWAY));
        gateway.add("--enclave.slack.principal-key-file=" + PrincipalKeyFiles.privateKeyFile(principals, SLACK_GATEWAY));
        gateway.add("--enclave.slack.query-url=http://" + settings.connectHost() + ":" + settings.apiPort());
        // the times of a room's proposals: only coordination-service holds the keys that open them
        gateway.add("--enclave.slack.coordination-url=http://" + settings.connectHost() + ":" + settings.coordinationPort());
        // a resolved room's notice links to its receipt on the console
        gateway.add("--enclave.slack.console-url=http://localhost:" + settings.consolePort());
        step("slack-gateway", () -> service(SlackGatewayApplication.application(), gateway, settings,
                settings.slackPort(), management.slack()));
        List<String> console = withKafkaLogin(infrastructure, kafkaLogins, KafkaUsers.CONSOLE);
        ConsoleSignIn signIn = ConsoleSignIn.of(System.getenv(), settings.dataDir().resolve("console"));
        console.addAll(signIn.arguments());
        console.add("--enclave.console.issuer-key-file="
                + ServiceIssuerKeys.privateKeyFile(settings.dataDir(), ServiceIssuerKeys.CONSOLE));
        console.add("--enclave.console.principal-key-file=" + PrincipalKeyFiles.privateKeyFile(principals, CONSOLE));
        console.add("--enclave.console.query-url=http://" + settings.connectHost() + ":" + settings.apiPort());
        console.add("--enclave.console.public-url=http://localhost:" + settings.consolePort());
        step("console", () -> service(ConsoleApplication.application(), console, settings,
                settings.consolePort(), management.console()));

        log.info("""

                ==================================================================
                 Enclave Suite is running (started in {} s).
                   API          http://localhost:{}
                   Console      http://localhost:{} ({})
                   Listening on {} (--enclave.suite.bind-address=); actuator on ports {}, {}, {}, {}, {}
                   Data         {}
                   PostgreSQL   {}
                   Kafka        {}
                   Kubernetes   {}
                   Objects      {}
                   Slack        http://localhost:{}/slack/events (signing secret: {})
                 Next, in another terminal:
                   bin/enclavectl provision growth --channel C0GROWTH --channel-name growth --owner U0ALICE
                   TOKEN=$(bin/enclavectl token --user U0ALICE)
                   curl -s -H "Authorization: Bearer $TOKEN" http://localhost:{}/api/enclaves/growth
                 Stop with Ctrl-C.
                ==================================================================""",
                String.format("%.1f", (System.nanoTime() - began) / 1e9), settings.apiPort(),
                settings.consolePort(), signIn.describe(),
                settings.bindAddress().getHostAddress(), management.api(), management.command(),
                management.coordination(), management.slack(), management.console(), settings.dataDir(),
                postgres, kafka, kubernetesApi, objectStore, settings.slackPort(), secret.origin(), settings.apiPort());
    }

    /**
     * The infrastructure's arguments and the service's own Kafka login, for Spring's clients and Axon's alike, so that
     * each service can do on the broker only what its user may ({@link KafkaUsers}).
     */
    private static List<String> withKafkaLogin(List<String> infrastructure, Map<String, KafkaLogin> logins,
                                               String user) {
        List<String> args = new ArrayList<>(infrastructure);
        KafkaLogin login = logins.get(user);
        if (login != null) {
            log.info("{} logs in to Kafka as {} ({})", user, login.user(), login.file());
            login.clientSettings().forEach((key, value) -> {
                args.add("--spring.kafka.properties." + key + "=" + value);
                args.add("--axon.kafka.properties." + key + "=" + value);
            });
        }
        return args;
    }

    private static ConfigurableApplicationContext service(SpringApplicationBuilder application,
                                                          List<String> infrastructure, SuiteSettings settings,
                                                          int port, int managementPort) {
        return withoutDefaultWebSecurity(application).registerShutdownHook(false).bannerMode(Banner.Mode.OFF)
                .run(serviceArguments(infrastructure, settings, port, managementPort).toArray(String[]::new));
    }

    /**
     * A service's arguments: the infrastructure's, its API port and its actuator's own port, both listening on the
     * suite's bind address (loopback unless {@code --enclave.suite.bind-address=} says otherwise), then the user's.
     */
    static List<String> serviceArguments(List<String> infrastructure, SuiteSettings settings, int port,
                                         int managementPort) {
        List<String> args = new ArrayList<>(infrastructure);
        args.add("--server.port=" + port);
        args.add("--server.address=" + settings.bindAddress().getHostAddress());
        args.add("--management.server.port=" + managementPort);
        args.add("--management.server.address=" + settings.bindAddress().getHostAddress());
        args.addAll(settings.serviceArguments()); // the user's own settings come last, so they win
        return args;
    }

    /** A service as the suite runs it: without Spring Boot's web security defaults (see {@link #DEFAULT_WEB_SECURITY}). */
    public static SpringApplicationBuilder withoutDefaultWebSecurity(SpringApplicationBuilder service) {
        return service.properties("spring.autoconfigure.exclude=" + String.join(",", DEFAULT_WEB_SECURITY));
    }

    /**
     * Starts one piece and records it for {@link #stop()}. Holding the lock while starting means a Ctrl-C during
     * startup waits for the piece under way (PostgreSQL is a separate process: it must not be left running) and
     * then stops everything; nothing starts after that.
     */
    private synchronized <T extends AutoCloseable> T step(String name, Callable<T> start) throws Exception {
        if (stopping) {
            throw new IllegalStateException("stopping: " + name + " not started");
        }
        long began = System.nanoTime();
        T resource = start.call();
        running.add(new Running(name, resource));
        log.info("{} up in {} s", name, String.format("%.1f", (System.nanoTime() - began) / 1e9));
        return resource;
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    /** The services, then Kafka, PostgreSQL and the Kubernetes mock API server: the reverse of starting. */
    synchronized void stop() {
        stopping = true;
        for (int i = running.size() - 1; i >= 0; i--) {
            Running next = running.remove(i);
            try {
                next.resource().close();
                if (next.name() != null) {
                    log.info("Stopped {}", next.name());
                }
            } catch (Exception e) {
                log.warn("while stopping {}: {}", next.name(), e.getMessage());
            }
        }
    }
}
