package io.enclavesuite.write;

import io.enclavesuite.operability.OperabilityConfiguration;
import io.enclavesuite.write.axon.AxonStoresConfiguration;
import io.enclavesuite.write.http.InternalHttpSecurity;
import io.enclavesuite.write.intake.IntakeConfiguration;
import io.enclavesuite.write.receipts.ReceiptConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What a write service imports to run Axon on PostgreSQL, take its commands from Kafka and answer its HTTP callers
 * by their bearer tokens ({@link InternalHttpSecurity}). The service adds its
 * {@link io.enclavesuite.write.intake.IntakeRules} bean (named {@code intakeRules}) and lists the Flyway locations
 * {@code classpath:db/migration/write-side} (event, token, saga, deadline and processed-command tables) and its own,
 * which holds the {@code write_replica} table too ({@link io.enclavesuite.write.replicas.SegmentBalancer}): a
 * write-side migration would share the services' version numbers.
 */
@Configuration(proxyBeanMethods = false)
@Import({AxonStoresConfiguration.class, IntakeConfiguration.class, ReceiptConfiguration.class,
        OperabilityConfiguration.class, InternalHttpSecurity.class})
public class WriteSideConfiguration {

    private static final String AXON_UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    /**
     * A write service's application, reading its own configuration file ({@code <configName>.yml}) so several
     * services can share one JVM.
     */
    public static SpringApplicationBuilder application(Class<?> main, String configName) {
        // The suite reports nothing to outside hosts. Axon's usage/update checker reads a system property only.
        if (System.getProperty(AXON_UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(AXON_UPDATE_CHECKER_DISABLED, "true");
        }
        return new SpringApplicationBuilder(main).main(main).properties("spring.config.name=" + configName);
    }
}
