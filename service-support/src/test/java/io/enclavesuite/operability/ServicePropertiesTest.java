package io.enclavesuite.operability;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys and defaults docs/configuration.md lists for the topics and the Kafka readiness check. */
class ServicePropertiesTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    @Test
    void withNothingSetTheTopicsAreUnprefixedWithThreePartitionsAndOneReplica() {
        assertThat(bind("enclave.kafka", SuiteTopicsProperties.class, Map.of()))
                .isEqualTo(new SuiteTopicsProperties("", 3, (short) 1));
    }

    @Test
    void theTopicKeysAreReadByTheirDocumentedNames() {
        assertThat(bind("enclave.kafka", SuiteTopicsProperties.class, Map.of("enclave.kafka.topic-prefix", "dev.",
                "enclave.kafka.partitions", "6", "enclave.kafka.replication-factor", "3")))
                .isEqualTo(new SuiteTopicsProperties("dev.", 6, (short) 3));
    }

    @Test
    void aTopicWithoutPartitionsIsRefused() {
        assertThatThrownBy(() -> bind("enclave.kafka", SuiteTopicsProperties.class,
                Map.of("enclave.kafka.partitions", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("enclave.kafka.partitions");
    }

    @Test
    void theKafkaCheckWaitsTwoSecondsUnlessTold() {
        assertThat(bind("enclave.health", KafkaHealthProperties.class, Map.of()).kafkaTimeout())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(bind("enclave.health", KafkaHealthProperties.class,
                Map.of("enclave.health.kafka-timeout", "500ms")).kafkaTimeout()).isEqualTo(Duration.ofMillis(500));
    }
}
