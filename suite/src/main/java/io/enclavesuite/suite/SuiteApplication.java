package io.enclavesuite.suite;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.query.EnclaveQueryApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Every service of the suite in one JVM on embedded defaults: PostgreSQL and Kafka with their data under the data
 * folder, and a Kubernetes API (a configured cluster, else fabric8's mock). Each service runs as its own Spring
 * context with its own configuration file, exactly as it would in its own process.
 */
public final class SuiteApplication {

    private static final Logger log = LoggerFactory.getLogger(SuiteApplication.class);
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    public static void main(String[] args) {
        SuiteApplication suite = new SuiteApplication();
        Runtime.getRuntime().addShutdownHook(new Thread(suite::stop, "suite-shutdown"));
        try {
            suite.start(SuiteSettings.from(args, System.getenv()));
        } catch (Exception e) {
            log.error("The suite did not start: {}", e.getMessage(), e);
            suite.stop();
            System.exit(1);
        }
    }

    void start(SuiteSettings settings) throws Exception {
        Files.createDirectories(settings.dataDir());
        log.info("Data folder: {}", settings.dataDir());
        String prefix = settings.serviceArguments().stream()
                .filter(a -> a.startsWith("--enclave.kafka.topic-prefix=")).map(a -> a.substring(a.indexOf('=') + 1))
                .findFirst().orElse("");

        List<String> infrastructure = new ArrayList<>();
        String postgres;
        if (settings.externalDatasourceUrl().isPresent()) {
            postgres = "external PostgreSQL at " + settings.externalDatasourceUrl().get();
        } else {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"),
                    settings.postgresPort());
            running.push(server);
            infrastructure.add("--spring.datasource.url=" + server.jdbcUrl());
            infrastructure.add("--spring.datasource.username=" + EmbeddedPostgresServer.USER);
            infrastructure.add("--spring.datasource.password=" + EmbeddedPostgresServer.USER);
            postgres = "embedded PostgreSQL at " + server.jdbcUrl() + " (data in " + settings.dataDir().resolve("postgres") + ")";
        }
        log.info("PostgreSQL: {}", postgres);

        String kafka;
        if (settings.externalKafka().isPresent()) {
            kafka = "external Kafka at " + settings.externalKafka().get();
        } else {
            EmbeddedKafkaServer server = EmbeddedKafkaServer.start(settings.dataDir().resolve("kafka"),
                    settings.kafkaPort(), settings.kafkaControllerPort());
            running.push(server);
            server.ensureTopics(new TopicNames(prefix).all(), 3);
            infrastructure.add("--spring.kafka.bootstrap-servers=" + server.bootstrapServers());
            kafka = "in-process Kafka (KRaft) at " + server.bootstrapServers() + " (log in "
                    + settings.dataDir().resolve("kafka") + ")";
        }
        log.info("Kafka: {}", kafka);

        KubernetesApi kubernetes = KubernetesApi.configuredCluster(System.getenv(),
                Path.of(System.getProperty("user.home")), Files::exists).map(KubernetesApi.class::cast).orElse(null);
        if (kubernetes == null) {
            kubernetes = KubernetesApi.Mock.start(settings.dataDir());
        }
        running.push(kubernetes);
        kubernetes.kubeconfig().ifPresent(file -> infrastructure.add("--enclave.kubernetes.kubeconfig=" + file));
        log.info("Kubernetes API: {}", kubernetes.describe());

        ConfigurableApplicationContext command = EnclaveCommandApplication.application()
                .run(arguments(infrastructure, settings, settings.commandPort()));
        running.push(command::close);
        ConfigurableApplicationContext query = EnclaveQueryApplication.application()
                .run(arguments(infrastructure, settings, settings.apiPort()));
        running.push(query::close);

        log.info("""

                ==================================================================
                 Enclave Suite is running.
                   API          http://localhost:{}   (e.g. GET /api/enclaves/<name>)
                   PostgreSQL   {}
                   Kafka        {}
                   Kubernetes   {}
                 Next, in another terminal:
                   bin/enclavectl provision growth --channel C0GROWTH --channel-name growth --owner U0ALICE
                   curl -s http://localhost:{}/api/enclaves/growth
                 Stop with Ctrl-C.
                ==================================================================""",
                settings.apiPort(), postgres, kafka, kubernetes.describe(), settings.apiPort());
    }

    private static String[] arguments(List<String> infrastructure, SuiteSettings settings, int port) {
        List<String> args = new ArrayList<>(infrastructure);
        args.add("--server.port=" + port);
        args.addAll(settings.serviceArguments()); // the user's own settings win
        return args.toArray(String[]::new);
    }

    /** Services first, then Kafka, PostgreSQL and the mock API: the reverse of starting. */
    synchronized void stop() {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                log.warn("while stopping: {}", e.getMessage());
            }
        }
    }
}
