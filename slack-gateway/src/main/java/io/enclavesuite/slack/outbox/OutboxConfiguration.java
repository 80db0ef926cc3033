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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;

/**
 * The way out and back: each acknowledged command stored in the outbox, published from there by the relay signed as
 * the gateway's principal, and its result answered through the request's response_url.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
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
        KafkaTemplate<String, String> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config,
                new StringSerializer(), new StringSerializer()));
        // Spring's default listener logs a failed record, payload and all; the relay logs each failure without it
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }

    /**
     * Read-only work after the acknowledgement (reads, modals, Slack's answer about a channel's owner) and what the
     * relay tells people: Slack's request thread does not wait for it. Commands never queue here: they are in the
     * outbox before the acknowledgement.
     */
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
    CommandOutbox commandOutbox(JdbcTemplate jdbc, GatewayProperties properties) {
        return new CommandOutbox(jdbc, new OutboxSeal(properties.signingSecret()));
    }

    @Bean
    OutboxRelay outboxRelay(CommandOutbox outbox, KafkaTemplate<String, String> commandTemplate, TopicNames topics,
                            PendingReplies pending, Replies replies, SlackWebApi slack, ThreadPoolTaskExecutor slackWork,
                            Clock clock, GatewayProperties properties, OutboxProperties settings, GatewayMetrics metrics,
                            SealedAnswers.ReplyKey replyKey) {
        settings.checkAgainst(properties.publishTimeout());
        PrincipalSigner signer = PrincipalSigner.read(properties.principal(), properties.principalKeyFile());
        CommandPublisher publisher = new CommandPublisher(commandTemplate, topics, signer, replyKey, clock,
                properties.publishTimeout());
        return new OutboxRelay(outbox, publisher, pending, replies, slack, slackWork, metrics, clock, settings,
                properties.replyPatience(), properties.publishTimeout());
    }

    @Bean
    Dispatcher dispatcher(CommandOutbox outbox, OutboxRelay relay, Replies replies, ThreadPoolTaskExecutor slackWork,
                          Clock clock, OutboxProperties settings) {
        return new Dispatcher(outbox, relay, replies, slackWork, clock, settings.holdFor());
    }

    /**
     * The key what the write side answers in confidence (a deprovision confirmation code) is sealed to. Derived from
     * the signing secret, so whichever replica reads the result opens it, also after a restart; never stored. Whoever
     * holds the signing secret could already ask for a code as anyone; after the secret changes, an answer in flight
     * does not open and the person is told to ask again.
     */
    @Bean
    SealedAnswers.ReplyKey replyKey(GatewayProperties properties) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.signingSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return SealedAnswers.ReplyKey.derive(mac.doFinal(REPLY_KEY_LABEL));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Domain separation: this seed is nothing else's key. */
    private static final byte[] REPLY_KEY_LABEL = "enclave-suite/slack-gateway/reply-key/v1".getBytes(StandardCharsets.UTF_8);

    @Bean
    CommandResults commandResults(PendingReplies pending, Replies replies, SlackWebApi slack, Clock clock,
                                  GatewayProperties properties, SealedAnswers.ReplyKey replyKey, TopicNames topics) {
        return new CommandResults(pending, replies, slack, replyKey, clock, properties.replyPatience(),
                properties.consumerGroup(topics.prefix(), "results"));
    }
}
