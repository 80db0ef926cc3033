package io.enclavesuite.slack;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The Slack gateway: verified Slack requests become commands on Kafka, events become Slack messages.
 * Its configuration file is {@code slack-gateway.yml}, so it can share one JVM with the other services.
 */
@SpringBootApplication
public class SlackGatewayApplication {

    public static final String CONFIG_NAME = "slack-gateway";

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SlackGatewayApplication.class)
                .main(SlackGatewayApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
