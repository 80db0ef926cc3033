package io.enclavesuite.query.replay;

import io.enclavesuite.api.TopicNames;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplaySettings.class)
class ReplayConfiguration {

    @Bean
    Replays replays(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions,
                    ConsumerFactory<?, ?> consumers, TopicNames topics, JdbcTemplate jdbc,
                    ReplaySettings settings) {
        return new Replays(processing, tokens, transactions, consumers, topics, jdbc, settings.lockTimeout(),
                Clock.systemUTC());
    }

    @Bean
    ReplayEndpoint replayEndpoint(Replays replays) {
        return new ReplayEndpoint(replays);
    }
}
