package io.enclavesuite.testsupport;

/**
 * The three servers as {@link TestInfrastructure} sees them, whatever runs them. Package-private: tests only ever
 * see URLs, credentials and a kubeconfig, which is what lets the same test run against containers or embedded servers.
 */
interface Servers {

    Postgres startPostgres() throws Exception;

    Kafka startKafka() throws Exception;

    Kubernetes startKubernetes() throws Exception;

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

    interface Kubernetes extends Server {
        /** A complete kubeconfig YAML (one cluster, user and current context) for this API server. */
        String kubeconfigYaml();
    }
}
