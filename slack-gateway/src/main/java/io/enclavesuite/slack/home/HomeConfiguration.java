package io.enclavesuite.slack.home;

import com.slack.api.model.event.AppHomeOpenedEvent;
import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.SlackRoutes;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.Dispatcher;
import io.enclavesuite.slack.readside.ReadSide;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The App Home tab, drawn when a person opens it. */
@Configuration(proxyBeanMethods = false)
class HomeConfiguration {

    @Bean
    AppHome appHome(ReadSide readSide, SlackWebApi slackWebApi, Dispatcher dispatcher, Clock clock,
                    GatewayProperties properties) {
        return new AppHome(readSide, slackWebApi, dispatcher, clock, properties.receiptsPage());
    }

    @Bean
    SlackRoutes appHomeRoutes(AppHome home) {
        return app -> app.event(AppHomeOpenedEvent.class, home::opened);
    }
}
