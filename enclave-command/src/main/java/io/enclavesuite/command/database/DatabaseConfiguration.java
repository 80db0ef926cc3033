package io.enclavesuite.command.database;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;

/**
 * The shared PostgreSQL server enclaves get their databases on ({@link DatabaseProperties}). The administrator role
 * needs CREATEDB and CREATEROLE.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean
    SchemaRetention schemaRetention(DatabaseProperties database) {
        return new SchemaRetention(database.schemaGracePeriod());
    }

    @Bean
    DatabaseProvisioner databaseProvisioner(DatabaseProperties database) {
        URI server = URI.create(database.adminUrl().substring("jdbc:".length()));
        int port = database.port() > 0 ? database.port() : (server.getPort() > 0 ? server.getPort() : 5432);
        return new PostgresDatabaseProvisioner(database.adminUrl(), database.adminUsername(), database.adminPassword(),
                database.host().isBlank() ? server.getHost() : database.host(), port,
                CredentialKey.loadOrCreate(database.credentialKeyFile()));
    }
}
