package io.enclavesuite.slack.outbox;

import io.enclavesuite.commands.CommandPublisher;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.GatewayProperties;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import java.time.Clock;
import java.util.Map;

/**
 * The way out and back: commands signed as the gateway's principal and put on Kafka after Slack has its
 * acknowledgement, and their results answered through the request's response_url.
 */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    KafkaTemplate<String, String> commandTemplate(KafkaProperties kafka, GatewayProperties properties) {
        Map<String, Object> config = kafka.buildProducerProperties(null);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long timeout = properties.publishTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        // delivery.timeout.ms must cover linger and request timeouts; the publisher waits no longer than this anyway
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000, timeout));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.principal());
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    /** Where a command is sent once its request has been acknowledged; Slack's request thread does not wait for Kafka. */
    @Bean
    ThreadPoolTaskExecutor slackWork() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix("slack-work-");
        executor.setCorePoolSize(4);
        executor.setMaxPoolSize(4);
        executor.setQueueCapacity(500);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(15);
        return executor;
    }

    @Bean
    Dispatcher dispatcher(KafkaTemplate<String, String> commandTemplate, TopicNames topics, PendingReplies pending,
                          Replies replies, ThreadPoolTaskExecutor slackWork, Clock clock, GatewayProperties properties,
                          GatewayMetrics metrics, SealedAnswers.ReplyKey replyKey) {
        PrincipalSigner signer = PrincipalSigner.read(properties.principal(), properties.principalKeyFile());
        return new Dispatcher(new CommandPublisher(commandTemplate, topics, signer, replyKey, clock,
                properties.publishTimeout()), pending, replies, slackWork, clock, metrics);
    }

    /**
     * The key what the write side answers in confidence (a deprovision confirmation code) is sealed to. Kept in memory
     * only: an answer that arrives after a restart cannot be opened, and the person is told to ask again.
     */
    @Bean
    SealedAnswers.ReplyKey replyKey() {
        return SealedAnswers.ReplyKey.generate();
    }

    @Bean
    CommandResults commandResults(PendingReplies pending, Replies replies, SlackWebApi slack, Clock clock,
                                  GatewayProperties properties, SealedAnswers.ReplyKey replyKey, TopicNames topics) {
        return new CommandResults(pending, replies, slack, replyKey, clock, properties.replyPatience(),
                properties.consumerGroup(topics.prefix(), "results"));
    }
}
