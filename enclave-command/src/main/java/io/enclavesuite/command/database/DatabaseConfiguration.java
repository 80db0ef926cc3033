package io.enclavesuite.command.database;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.file.Path;

/**
 * The shared PostgreSQL server enclaves get their databases on: by default the server the suite itself runs on
 * (its datasource), reached by workloads at the same host and port unless {@code enclave.database.host} / {@code
 * .port} say otherwise (a Service name in the cluster). The administrator role needs CREATEDB and CREATEROLE.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    SchemaRetention schemaRetention(@Value("${enclave.database.schema-grace-period:7d}") java.time.Duration grace) {
        return new SchemaRetention(grace);
    }

    @Bean
    DatabaseProvisioner databaseProvisioner(@Value("${enclave.database.admin-url}") String adminUrl,
                                            @Value("${enclave.database.admin-username}") String adminUsername,
                                            @Value("${enclave.database.admin-password}") String adminPassword,
                                            @Value("${enclave.database.host:}") String host,
                                            @Value("${enclave.database.port:0}") int port,
                                            @Value("${enclave.database.credential-key-file}") Path keyFile) {
        URI server = URI.create(adminUrl.substring("jdbc:".length()));
        return new PostgresDatabaseProvisioner(adminUrl, adminUsername, adminPassword,
                host.isBlank() ? server.getHost() : host, port > 0 ? port : (server.getPort() > 0 ? server.getPort() : 5432),
                CredentialKey.loadOrCreate(keyFile));
    }
}
