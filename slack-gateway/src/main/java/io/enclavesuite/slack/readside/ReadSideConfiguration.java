package io.enclavesuite.slack.readside;

import io.enclavesuite.slack.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import java.time.Clock;

/** The read side's client, signing tokens with the key the read side trusts ({@code enclave.slack.token-key-file}). */
@Configuration(proxyBeanMethods = false)
class ReadSideConfiguration {

    @Bean
    ReadSide readSide(RestClient.Builder http, GatewayProperties properties, Clock clock) {
        return new ReadSide(http, properties.queryUrl(), properties.tokenKeyFile(), clock);
    }
}
