package io.enclavesuite.command.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code enclave.database.*}: the shared PostgreSQL server enclaves get their databases on — by default the server
 * the service itself runs on — reached by workloads at {@code host}/{@code port} when set (a Service name in the
 * cluster), else at the admin URL's. The credential key derives database passwords, storage keys and the
 * confirmation-code key.
 */
@ConfigurationProperties("enclave.database")
public record DatabaseProperties(String adminUrl, String adminUsername, String adminPassword, String host,
                                 @DefaultValue("0") int port, Path credentialKeyFile,
                                 @DefaultValue("7d") Duration schemaGracePeriod) {

    public DatabaseProperties {
        require(adminUrl, "admin-url");
        require(adminUsername, "admin-username");
        if (adminPassword == null || adminPassword.isEmpty()) {
            throw new IllegalArgumentException("enclave.database.admin-password is required: it follows "
                    + "spring.datasource.password (SPRING_DATASOURCE_PASSWORD), which has no default");
        }
        require(credentialKeyFile, "credential-key-file");
        host = host == null ? "" : host;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("enclave.database.port must be 0 (the admin URL's) or a port, not "
                    + port);
        }
        if (schemaGracePeriod.isNegative()) {
            throw new IllegalArgumentException("enclave.database.schema-grace-period must not be negative");
        }
    }

    private static void require(Object value, String key) {
        if (value == null) {
            throw new IllegalArgumentException("enclave.database." + key + " is required");
        }
    }
}
