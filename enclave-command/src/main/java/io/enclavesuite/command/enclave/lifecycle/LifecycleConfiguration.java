package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.command.database.DatabaseProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resources the Enclave aggregate's handlers take as parameters (Axon resolves them from the context). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnclaveLimits.class)
class LifecycleConfiguration {

    /** Codes are hashed with a key derived from the credential key, which never enters the event store. */
    @Bean
    ConfirmationCodes confirmationCodes(DatabaseProperties database) {
        return new ConfirmationCodes(CredentialKey.loadOrCreate(database.credentialKeyFile()));
    }
}
