package io.enclavesuite.operability;

import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
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
public class SuiteTopicsConfiguration {

    @Bean
    TopicNames topicNames(@Value("${enclave.kafka.topic-prefix:}") String prefix) {
        return new TopicNames(prefix);
    }

    @Bean
    KafkaAdmin.NewTopics suiteTopics(TopicNames topics, @Value("${enclave.kafka.partitions:3}") int partitions,
                                     @Value("${enclave.kafka.replication-factor:1}") short replicas) {
        return new KafkaAdmin.NewTopics(topics.all().stream()
                .map(name -> TopicBuilder.name(name).partitions(partitions).replicas(replicas)
                        .configs(topics.configOf(name)).build())
                .toArray(NewTopic[]::new));
    }
}
