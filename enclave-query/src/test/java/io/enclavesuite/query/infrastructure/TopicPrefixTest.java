package io.enclavesuite.query.infrastructure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code enclave.kafka.topic-prefix}. */
class TopicPrefixTest {

    private static TopicPrefix bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("enclave.kafka",
                TopicPrefix.class);
    }

    @Test
    void thePrefixIsBoundAsGiven() {
        assertThat(bind(Map.of("enclave.kafka.topic-prefix", "dev.")).topicPrefix()).isEqualTo("dev.");
    }

    @Test
    void noPrefixByDefault() {
        assertThat(bind(Map.of()).topicPrefix()).isEmpty();
        assertThat(bind(Map.of("enclave.kafka.topic-prefix", "")).topicPrefix()).isEmpty();
    }
}
