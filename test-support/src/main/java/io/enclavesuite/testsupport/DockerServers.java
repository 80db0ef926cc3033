package io.enclavesuite.testsupport;

import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers: the same server software as production, at the price of a Docker engine and image pulls. */
final class DockerServers implements Servers {

    static final String POSTGRES_IMAGE = "postgres:16-alpine";
    static final String KAFKA_IMAGE = "apache/kafka:3.9.1";
    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2023-09-04T19-57-37Z";

    private static final String POSTGRES_USER = "postgres";
    private static final String POSTGRES_PASSWORD = "postgres";

    @Override
    public Postgres startPostgres() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withDatabaseName("postgres")
                .withUsername(POSTGRES_USER)
                .withPassword(POSTGRES_PASSWORD)
                // Same settings as the embedded server: many Spring contexts (each with a pool) share one server,
                // and durability is irrelevant in tests.
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                        "-c", "max_connections=300");
        container.start();
        return new Postgres() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://" + container.getHost() + ":"
                        + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
            }

            @Override
            public String username() {
                return POSTGRES_USER;
            }

            @Override
            public String password() {
                return POSTGRES_PASSWORD;
            }

            @Override
            public String describe() {
                return "Testcontainers " + POSTGRES_IMAGE + " at " + jdbcUrl("postgres");
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    /** MinIO, whose admin API the suite makes a user per tentacle with, and which enforces their policies. */
    @Override
    public ObjectStore startObjectStore() {
        MinIOContainer container = new MinIOContainer(DockerImageName.parse(MINIO_IMAGE));
        container.start();
        return new ObjectStore() {
            @Override
            public java.net.URI endpoint() {
                return java.net.URI.create(container.getS3URL());
            }

            @Override
            public String accessKey() {
                return container.getUserName();
            }

            @Override
            public String secretKey() {
                return container.getPassword();
            }

            @Override
            public String users() {
                return "minio";
            }

            @Override
            public String describe() {
                return "Testcontainers " + MINIO_IMAGE + " at " + container.getS3URL();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    @Override
    public Kafka startKafka() {
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        // the same one-broker transaction log as the embedded broker's (EmbeddedServers.ONE_BROKER_TRANSACTIONS)
        EmbeddedServers.ONE_BROKER_TRANSACTIONS.forEach((setting, value) ->
                container.withEnv("KAFKA_" + setting.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        container.start();
        return new Kafka() {
            @Override
            public String bootstrapServers() {
                return container.getBootstrapServers();
            }

            @Override
            public String describe() {
                return "Testcontainers " + KAFKA_IMAGE + " (KRaft) at " + bootstrapServers();
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }

    @Override
    public Kubernetes startKubernetes() {
        K3sContainer container = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        container.start();
        String kubeconfig = container.getKubeConfigYaml();
        return new Kubernetes() {
            @Override
            public String kubeconfigYaml() {
                return kubeconfig;
            }

            @Override
            public String describe() {
                return "Testcontainers " + K3S_IMAGE + " at https://" + container.getHost() + ":"
                        + container.getMappedPort(K3sContainer.KUBE_SECURE_PORT);
            }

            @Override
            public void close() {
                container.stop();
            }
        };
    }
}
