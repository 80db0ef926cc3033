package io.enclavesuite.testsupport;

/**
 * The servers as {@link TestInfrastructure} sees them, whatever runs them. Package-private: tests only ever
 * see URLs, credentials and a kubeconfig, which is what lets the same test run against containers or embedded servers.
 */
interface Servers {

    Postgres startPostgres() throws Exception;

    Kafka startKafka() throws Exception;

    Kubernetes startKubernetes() throws Exception;

    ObjectStore startObjectStore() throws Exception;

    /** A running server; {@link #describe()} says what runs it and where, for the logs. */
    interface Server extends AutoCloseable {
        String describe();
    }

    /** A running PostgreSQL; its {@code postgres} database is used for administration (CREATE DATABASE). */
    interface Postgres extends Server {
        String jdbcUrl(String database);

        String username();

        String password();
    }

    interface Kafka extends Server {
        String bootstrapServers();
    }

    /** An S3-compatible store; {@link #users()} is how the suite manages its users there (minio or unchecked). */
    interface ObjectStore extends Server {
        java.net.URI endpoint();

        String accessKey();

        String secretKey();

        String users();
    }

    interface Kubernetes extends Server {
        /** A complete kubeconfig YAML (one cluster, user and current context) for this API server. */
        String kubeconfigYaml();
    }
}
