package io.enclavesuite.slack.readside;

import io.enclavesuite.auth.ServiceTokenIssuer;
import io.enclavesuite.slack.GatewayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import java.time.Clock;

/**
 * What the gateway asks on a person's behalf — the read side, and coordination-service's times of a room's proposals —
 * with tokens the gateway signs as its own issuer ({@code enclave.slack.issuer-key-file}), which both trust with
 * its public half.
 */
@Configuration(proxyBeanMethods = false)
class ReadSideConfiguration {

    @Bean
    PersonTokens personTokens(GatewayProperties properties, Clock clock) {
        return new PersonTokens(ServiceTokenIssuer.loadOrCreate(PersonTokens.SERVICE, properties.issuerKeyFile()),
                clock);
    }

    @Bean
    ReadSide readSide(RestClient.Builder http, GatewayProperties properties, PersonTokens tokens) {
        return new ReadSide(http.clone(), properties.queryUrl(), tokens);
    }

    @Bean
    RoomProposals roomProposals(RestClient.Builder http, GatewayProperties properties, PersonTokens tokens) {
        return new RoomProposals(http.clone(), properties.coordinationUrl(), tokens);
    }
}
