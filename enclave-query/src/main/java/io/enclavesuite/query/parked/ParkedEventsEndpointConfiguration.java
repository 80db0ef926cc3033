package io.enclavesuite.query.parked;

import io.enclavesuite.eventtopics.ParkedEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ParkedEventsEndpointConfiguration {

    @Bean
    ParkedEventsEndpoint parkedEventsEndpoint(ParkedEvents parked) {
        return new ParkedEventsEndpoint(parked);
    }
}
