package io.enclavesuite.console;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.auth.ServiceTokenIssuer;
import io.enclavesuite.console.feed.LiveFeedRelay;
import io.enclavesuite.console.readapi.PersonTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.enclavesuite.console.readapi.ReadApi;
import io.enclavesuite.operability.SuiteTopicsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import java.time.Clock;

/** The console's way to the read API; its way to the write side is in {@code actions}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SuiteTopicsProperties.class)
class ConsoleConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The suite's topic names; the console creates no topic (its Kafka user may only write commands). */
    @Bean
    TopicNames topicNames(SuiteTopicsProperties properties) {
        return new TopicNames(properties.topicPrefix());
    }

    @Bean
    PersonTokens personTokens(ConsoleProperties properties, Clock clock) {
        return new PersonTokens(ServiceTokenIssuer.loadOrCreate(properties.principal(), properties.issuerKeyFile()),
                clock, properties.tokenLifetime());
    }

    @Bean
    LiveFeedRelay liveFeedRelay(ConsoleProperties properties, PersonTokens tokens, MeterRegistry meters) {
        return new LiveFeedRelay(properties, tokens, meters);
    }

    @Bean
    ReadApi readApi(RestClient.Builder http, ConsoleProperties properties, PersonTokens tokens) {
        return new ReadApi(http, properties.queryUrl(), tokens);
    }
}
