package io.enclavesuite.write.axon;

import io.enclavesuite.write.receipts.ReceiptProperties;
import io.enclavesuite.write.replicas.ReplicasProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keys and defaults docs/configuration.md lists for the publisher, snapshots and the receipt key. */
class WriteSidePropertiesTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    @Test
    void thePublisherSendsBatchesOfAHundredAndWaitsTenSecondsUnlessTold() {
        assertThat(bind("enclave.kafka", KafkaPublisherProperties.class, Map.of()))
                .isEqualTo(new KafkaPublisherProperties(100, Duration.ofSeconds(10)));
        assertThat(bind("enclave.kafka", KafkaPublisherProperties.class, Map.of(
                "enclave.kafka.publisher-batch-size", "500", "enclave.kafka.publisher-ack-timeout", "30s")))
                .isEqualTo(new KafkaPublisherProperties(500, Duration.ofSeconds(30)));
    }

    @Test
    void anEmptyPublisherBatchIsRefused() {
        assertThatThrownBy(() -> bind("enclave.kafka", KafkaPublisherProperties.class,
                Map.of("enclave.kafka.publisher-batch-size", "0")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("enclave.kafka.publisher-batch-size must be at least 1");
    }

    @Test
    void twentySnapshotsASecondUnlessTold() {
        assertThat(bind("enclave.snapshots", SnapshotProperties.class, Map.of()).perSecond()).isEqualTo(20.0);
        assertThat(bind("enclave.snapshots", SnapshotProperties.class,
                Map.of("enclave.snapshots.per-second", "2.5")).perSecond()).isEqualTo(2.5);
    }

    @Test
    void replicasShareTwoSagaSegmentsAndTakeOverAfterTenSecondsUnlessTold() {
        ReplicasProperties replicas = bind("enclave.replicas", ReplicasProperties.class, Map.of());
        assertThat(replicas.sagaSegments()).isEqualTo(2);
        assertThat(replicas.claimTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(replicas.tokenClaimInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(replicas.balanceInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(replicas.conflictRetries()).isEqualTo(3);
        assertThat(replicas.conflictBackoff()).isEqualTo(Duration.ofMillis(20));
        assertThat(replicas.nodeId()).as("unique per context").contains("@")
                .isNotEqualTo(bind("enclave.replicas", ReplicasProperties.class, Map.of()).nodeId());
        assertThat(bind("enclave.replicas", ReplicasProperties.class, Map.of("enclave.replicas.node-id", "pod-1",
                "enclave.replicas.saga-segments", "4")))
                .extracting(ReplicasProperties::nodeId, ReplicasProperties::sagaSegments).containsExactly("pod-1", 4);
    }

    @Test
    void aReplicaWouldCountItselfDeadBetweenTwoRenewalsIsRefused() {
        assertThatThrownBy(() -> bind("enclave.replicas", ReplicasProperties.class, Map.of(
                "enclave.replicas.claim-timeout", "6s", "enclave.replicas.balance-interval", "5s")))
                .rootCause().hasMessageContaining("must be at least twice enclave.replicas.balance-interval");
        assertThatThrownBy(() -> bind("enclave.replicas", ReplicasProperties.class, Map.of(
                "enclave.replicas.saga-segments", "0")))
                .rootCause().hasMessageContaining("saga-segments must be at least 1");
    }

    @Test
    void theReceiptKeyFileIsRequired() {
        assertThat(bind("receipts", ReceiptProperties.class, Map.of("receipts.signing-key-file", "/keys/r.pem"))
                .signingKeyFile()).isEqualTo(Path.of("/keys/r.pem"));
        assertThatThrownBy(() -> bind("receipts", ReceiptProperties.class, Map.of()))
                .rootCause().hasMessageContaining("receipts.signing-key-file is required");
    }
}
