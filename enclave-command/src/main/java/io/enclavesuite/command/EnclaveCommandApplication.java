package io.enclavesuite.command;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The team-enclave write side: Kafka command intake, the Enclave aggregate, and the sagas that drive Kubernetes.
 * Its configuration file is {@code enclave-command.yml}, so it can share one JVM with the other services.
 */
@SpringBootApplication
public class EnclaveCommandApplication {

    private static final String AXON_UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";
    public static final String CONFIG_NAME = "enclave-command";

    public static SpringApplicationBuilder application() {
        // The suite reports nothing to outside hosts. Axon's usage/update checker reads a system property only.
        if (System.getProperty(AXON_UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(AXON_UPDATE_CHECKER_DISABLED, "true");
        }
        return new SpringApplicationBuilder(EnclaveCommandApplication.class)
                .main(EnclaveCommandApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
