package io.enclavesuite.write.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The write services' Kafka publisher ({@code enclave.kafka.publisher-*}; the topics' own keys are
 * service-support's {@code SuiteTopicsProperties}).
 *
 * @param publisherBatchSize  stored events sent per transaction before the publisher waits for their
 *                            acknowledgements and moves its token
 * @param publisherAckTimeout how long it waits for a batch's acknowledgements, all together
 */
@ConfigurationProperties("enclave.kafka")
public record KafkaPublisherProperties(@DefaultValue("100") int publisherBatchSize,
                                       @DefaultValue("10s") Duration publisherAckTimeout) {

    public KafkaPublisherProperties {
        if (publisherBatchSize < 1) {
            throw new IllegalArgumentException(
                    "enclave.kafka.publisher-batch-size must be at least 1, not " + publisherBatchSize);
        }
        if (publisherAckTimeout == null || publisherAckTimeout.isNegative() || publisherAckTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "enclave.kafka.publisher-ack-timeout must be positive, not " + publisherAckTimeout);
        }
    }
}
