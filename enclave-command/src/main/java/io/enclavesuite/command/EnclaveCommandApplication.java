package io.enclavesuite.command;

import io.enclavesuite.write.WriteSideConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The team-enclave write side: Kafka command intake, the Enclave aggregate, and the sagas that drive Kubernetes.
 * Its configuration file is {@code enclave-command.yml}, so it can share one JVM with the other services.
 */
@SpringBootApplication
@Import(WriteSideConfiguration.class)
public class EnclaveCommandApplication {

    public static final String CONFIG_NAME = "enclave-command";

    public static SpringApplicationBuilder application() {
        return WriteSideConfiguration.application(EnclaveCommandApplication.class, CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
