package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.command.database.CredentialKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/** Resources the Enclave aggregate's handlers take as parameters (Axon resolves them from the context). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnclaveLimits.class)
class LifecycleConfiguration {

    /** Codes are hashed with a key derived from the credential key, which never enters the event store. */
    @Bean
    ConfirmationCodes confirmationCodes(@Value("${enclave.database.credential-key-file}") Path keyFile) {
        return new ConfirmationCodes(CredentialKey.loadOrCreate(keyFile));
    }
}
