package io.enclavesuite.slack.notify;

import com.slack.api.Slack;
import io.enclavesuite.slack.GatewayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The notifier's Slack client, posting as the bot; with no bot token the gateway still runs, and only logs. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

    @Bean
    SlackWebApi slackWebApi(Slack slack, GatewayProperties properties) {
        if (!properties.workspaceConnected()) {
            log.warn("No Slack bot token (enclave.slack.bot-token): notices are logged, not sent to a workspace");
        }
        return new SlackWebApi(slack, properties.botToken());
    }
}
