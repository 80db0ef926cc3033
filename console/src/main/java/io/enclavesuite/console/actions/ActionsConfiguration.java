package io.enclavesuite.console.actions;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.commands.CommandPublisher;
import io.enclavesuite.console.ConsoleProperties;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.util.Map;

/** The console's commands: signed as its principal, on the topic of the service that takes each. */
@Configuration(proxyBeanMethods = false)
class ActionsConfiguration {

    @Bean
    CommandOutcomes commandOutcomes(KafkaProperties kafka, TopicNames topics) {
        return new CommandOutcomes(kafka.buildConsumerProperties(null), topics.commandResults());
    }

    @Bean
    ConsoleCommands consoleCommands(KafkaProperties kafka, TopicNames topics, ConsoleProperties properties,
                                    CommandOutcomes outcomes, Clock clock) {
        Map<String, Object> config = kafka.buildProducerProperties(null);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long timeout = properties.commandTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1_000, timeout / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2_000, timeout));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, properties.principal());
        KafkaTemplate<String, String> template = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
        PrincipalSigner signer = PrincipalSigner.read(properties.principal(), properties.principalKeyFile());
        // nothing the console sends is answered in confidence; the key only completes the envelope
        CommandPublisher publisher = new CommandPublisher(template, topics, signer, SealedAnswers.ReplyKey.generate(),
                clock, properties.commandTimeout());
        return new ConsoleCommands(publisher, outcomes, properties.commandTimeout());
    }
}
