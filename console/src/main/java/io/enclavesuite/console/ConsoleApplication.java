package io.enclavesuite.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web console: people sign in (with Slack, or locally on a developer's machine) and see and act on what the read
 * API grants them. It keeps nothing of its own: every page is read from enclave-query with a short-lived token for the
 * signed-in person, and every act is a signed command on Kafka. Its configuration file is {@code console.yml}, so it
 * can share one JVM with the other services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static final String CONFIG_NAME = "console";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConsoleApplication.class)
                .main(ConsoleApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
