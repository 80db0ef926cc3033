package io.enclavesuite.query.replay;

import io.enclavesuite.api.TopicNames;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

    @Bean
    Replays replays(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions,
                    ConsumerFactory<?, ?> consumers, TopicNames topics) {
        return new Replays(processing, tokens, transactions, consumers, topics, Clock.systemUTC());
    }

    @Bean
    ReplayEndpoint replayEndpoint(Replays replays) {
        return new ReplayEndpoint(replays);
    }
}
