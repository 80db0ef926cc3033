package io.enclavesuite.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import io.enclavesuite.operability.KafkaReadinessConfiguration;
import io.enclavesuite.operability.SuiteTopicsConfiguration;
import io.enclavesuite.slack.notify.SlackWebApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.time.Clock;
import java.util.List;

/**
 * What every feature of the gateway shares: its settings, the clock, the Slack client, how a Kafka listener's failed
 * record is retried, and the one Bolt app mounted at {@value #SLACK_PATH}, to which each feature adds its
 * {@link SlackRoutes}. Each feature package wires its own beans next to its classes (channel, command, interact,
 * notify, outbox, readside, signin, verification).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@EnableScheduling
@Import({KafkaReadinessConfiguration.class, SuiteTopicsConfiguration.class})
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The one Request URL for slash commands, events and interactivity in the Slack app's settings. */
    public static final String SLACK_PATH = "/slack/events";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Slack slack(GatewayProperties properties) {
        SlackConfig config = new SlackConfig();
        String base = properties.webApiUrl().toString();
        config.setMethodsEndpointUrlPrefix(base.endsWith("/") ? base : base + "/");
        config.setPrettyResponseLoggingEnabled(false);
        return Slack.getInstance(config);
    }

    /**
     * A listener's record is tried again rather than skipped: after Slack's Retry-After when rate-limited, otherwise
     * with a growing pause for about a minute, after which the failure is logged and the record passed.
     */
    @Bean
    DefaultErrorHandler listenerErrorHandler() {
        ExponentialBackOff otherwise = new ExponentialBackOff(500, 2.0);
        otherwise.setMaxInterval(15_000);
        otherwise.setMaxElapsedTime(60_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) ->
                log.error("Gave up on {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), failure.toString()),
                otherwise);
        handler.setBackOffFunction((record, failure) -> rateLimit(failure));
        return handler;
    }

    private static BackOff rateLimit(Exception failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SlackWebApi.RateLimited limited) {
                return new FixedBackOff(limited.retryAfter().toMillis(), 20);
            }
        }
        return null; // the default back-off
    }

    @Bean
    App slackApp(GatewayProperties properties, Slack slack, List<SlackRoutes> routes) {
        AppConfig config = AppConfig.builder().signingSecret(properties.signingSecret()).slack(slack).build();
        // Slack's ssl_check answered, and Bolt's signature check: no auth.test call per request (the notifier has its
        // own client), no legacy verification token. The stricter check runs in front, in SignedRequestFilter.
        App app = new App(config, List.of(new SSLCheck(null), new RequestVerification(new SlackSignature.Verifier(
                new SlackSignature.Generator(properties.signingSecret())))));
        routes.forEach(feature -> feature.addTo(app));
        return app;
    }

    @Bean
    ServletRegistrationBean<SlackAppServlet> slackServlet(App slackApp) {
        return new ServletRegistrationBean<>(new SlackAppServlet(slackApp), SLACK_PATH);
    }
}
