package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.command.database.CredentialKey;
import io.enclavesuite.command.database.DatabaseProperties;
import io.enclavesuite.write.axon.OptimisticCreation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/** Resources the Enclave aggregate's handlers take as parameters (Axon resolves them from the context). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnclaveLimits.class)
class LifecycleConfiguration {

    /**
     * A ProvisionEnclave nearly always names a new enclave (a name is given once; only a failed provisioning is
     * provisioned again): its first attempt does not read the aggregate.
     */
    @Bean
    OptimisticCreation.Commands creationCommands() {
        return new OptimisticCreation.Commands(Set.of(ProvisionEnclave.class));
    }

    /** Codes are hashed with a key derived from the credential key, which never enters the event store. */
    @Bean
    ConfirmationCodes confirmationCodes(DatabaseProperties database) {
        return new ConfirmationCodes(CredentialKey.loadOrCreate(database.credentialKeyFile()));
    }
}
