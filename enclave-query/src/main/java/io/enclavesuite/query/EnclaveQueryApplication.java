package io.enclavesuite.query;

import io.enclavesuite.operability.OperabilityConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The read side: projects the event topics into PostgreSQL read models and serves them over HTTP.
 * Its configuration file is {@code enclave-query.yml}, so it can share one JVM with the other services.
 */
@SpringBootApplication
@Import(OperabilityConfiguration.class)
public class EnclaveQueryApplication {

    private static final String AXON_UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";
    public static final String CONFIG_NAME = "enclave-query";

    public static SpringApplicationBuilder application() {
        // The suite reports nothing to outside hosts. Axon's usage/update checker reads a system property only.
        if (System.getProperty(AXON_UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(AXON_UPDATE_CHECKER_DISABLED, "true");
        }
        return new SpringApplicationBuilder(EnclaveQueryApplication.class)
                .main(EnclaveQueryApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
