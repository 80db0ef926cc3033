package io.enclavesuite.testsupport;

import io.enclavesuite.kubernetesmock.KubernetesMock;
import io.enclavesuite.objectstore.EmbeddedObjectStore;
import io.fabric8.mockwebserver.MockWebServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.util.Map;
import java.util.logging.Level;

/**
 * Servers that need no Docker engine: a PostgreSQL process, a KRaft broker in this JVM, a mock Kubernetes API and an
 * S3-compatible store in this JVM.
 */
final class EmbeddedServers implements Servers {

    /**
     * The mock API server logs every request at INFO through java.util.logging, which (without Spring Boot's bridge)
     * goes straight to stderr. Held in a field because java.util.logging keeps loggers only weakly.
     */
    private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG =
            java.util.logging.Logger.getLogger(MockWebServer.class.getName());

    /** S3Mock in its own class loader; it checks no credentials, so the suite makes no users there. */
    @Override
    public ObjectStore startObjectStore() throws IOException {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("enclave-test-objects");
        EmbeddedObjectStore store = EmbeddedObjectStore.start(root, 0);
        return new ObjectStore() {
            @Override
            public java.net.URI endpoint() {
                return store.endpoint();
            }

            @Override
            public String accessKey() {
                return "embedded";
            }

            @Override
            public String secretKey() {
                return "embedded";
            }

            @Override
            public String users() {
                return "unchecked";
            }

            @Override
            public String describe() {
                return "embedded S3Mock at " + store.endpoint();
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    @Override
    public Postgres startPostgres() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                // Many Spring contexts (each with a connection pool) share this server; durability is irrelevant.
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                // Our own JVM shutdown hook stops it, in a defined order with the other servers.
                .setRegisterShutdownHook(false);
        // any server setting, for a measurement: -Denclave.test.postgres.server.<name>=<value> (shared_buffers=1GB
        // sizes the cache as a server would have it for a benchmark over a million rows; initdb's 128 MB suit the
        // tests; shared_preload_libraries=pg_stat_statements shows what the suite runs)
        String prefix = "enclave.test.postgres.server.";
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(prefix))
                .forEach(name -> builder.setServerConfig(name.substring(prefix.length()), System.getProperty(name)));
        EmbeddedPostgres postgres = builder.start();
        return new Postgres() {
            @Override
            public String jdbcUrl(String database) {
                // Not EmbeddedPostgres.getJdbcUrl: it appends ?user=, and callers pass credentials separately.
                return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
            }

            @Override
            public String username() {
                return "postgres";
            }

            @Override
            public String password() {
                // The embedded server trusts local connections; any password is accepted.
                return "postgres";
            }

            @Override
            public String describe() {
                return "embedded PostgreSQL (zonky) at " + jdbcUrl("postgres");
            }

            @Override
            public void close() throws IOException {
                postgres.close();
            }
        };
    }

    /**
     * The write services answer in Kafka transactions: the transaction log must fit on one broker (its default
     * replication factor is 3, and a transactional producer would wait for it forever).
     */
    static final Map<String, String> ONE_BROKER_TRANSACTIONS = Map.of(
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "4");

    @Override
    public Kafka startKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(ONE_BROKER_TRANSACTIONS);
        // By default the broker also sets the *system property* spring.kafka.bootstrap-servers, which would let a
        // service test pass here while forgetting the properties it needs under Docker. null = set no such property.
        broker.brokerListProperty(null);
        broker.afterPropertiesSet();
        return new Kafka() {
            @Override
            public String bootstrapServers() {
                return broker.getBrokersAsString();
            }

            @Override
            public String describe() {
                return "embedded Kafka (spring-kafka-test KRaft broker) at " + bootstrapServers();
            }

            @Override
            public void close() {
                broker.destroy();
            }
        };
    }

    @Override
    public Kubernetes startKubernetes() {
        if (MOCK_WEB_SERVER_LOG.getLevel() == null) { // an explicitly configured level wins
            MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
        }
        KubernetesMock server = KubernetesMock.start();
        String kubeconfig = server.kubeconfigYaml();
        return new Kubernetes() {
            @Override
            public String kubeconfigYaml() {
                return kubeconfig;
            }

            @Override
            public String describe() {
                return "fabric8 Kubernetes mock API server (CRUD mode) at " + server.url();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
