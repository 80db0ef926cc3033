package io.enclavesuite.coordination;

import io.enclavesuite.write.WriteSideConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The coordination write side: Kafka command intake, the Coordination and AgentPolicy aggregates, the authorization
 * saga, persistent time limits and crypto-shredding. Its configuration file is {@code coordination-service.yml}.
 */
@SpringBootApplication
@Import(WriteSideConfiguration.class)
public class CoordinationServiceApplication {

    public static final String CONFIG_NAME = "coordination-service";

    public static SpringApplicationBuilder application() {
        return WriteSideConfiguration.application(CoordinationServiceApplication.class, CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
