package io.enclavesuite.query.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The prefix of the suite's topic names ({@code enclave.kafka.topic-prefix}), so that several suites or test runs can
 * share one broker; empty by default.
 */
@ConfigurationProperties("enclave.kafka")
public record TopicPrefix(@DefaultValue("") String topicPrefix) {

    public TopicPrefix {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }
}
