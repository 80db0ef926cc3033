package io.enclavesuite.command.lifecycle;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Resources the Enclave aggregate's handlers take as parameters (Axon resolves them from the context). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EnclaveLimits.class)
class LifecycleConfiguration {

    @Bean
    ConfirmationCodes confirmationCodes() {
        return new ConfirmationCodes();
    }
}
