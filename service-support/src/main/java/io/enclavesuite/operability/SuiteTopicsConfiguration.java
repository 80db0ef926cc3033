package io.enclavesuite.operability;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The suite's topic names under {@code enclave.kafka.topic-prefix}, and the topics themselves for a service that may
 * start first: KafkaAdmin creates the missing ones with {@code enclave.kafka.partitions} and
 * {@code enclave.kafka.replication-factor}, and leaves existing ones as they are.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SuiteTopicsProperties.class)
public class SuiteTopicsConfiguration {

    @Bean
    TopicNames topicNames(SuiteTopicsProperties properties) {
        return new TopicNames(properties.topicPrefix());
    }

    @Bean
    KafkaAdmin.NewTopics suiteTopics(TopicNames topics, SuiteTopicsProperties properties) {
        return new KafkaAdmin.NewTopics(topics.all().stream()
                .map(name -> TopicBuilder.name(name).partitions(properties.partitions())
                        .replicas(properties.replicationFactor())
                        .configs(topics.configOf(name)).build())
                .toArray(NewTopic[]::new));
    }
}
