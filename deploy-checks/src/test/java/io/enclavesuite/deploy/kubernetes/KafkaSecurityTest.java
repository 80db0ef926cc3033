package io.enclavesuite.deploy.kubernetes;

import io.enclavesuite.api.Topics;
import io.enclavesuite.deploy.kafka.KafkaAcls;
import io.enclavesuite.deploy.kafka.Principals;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.enclavesuite.deploy.kubernetes.Overlays.rendered;
import static org.assertj.core.api.Assertions.assertThat;

/** Strimzi's Kafka in both overlays: every client authenticates, and its KafkaUser's ACLs are all it may do. */
class KafkaSecurityTest {

    private static final String STRIMZI = "kafka.strimzi.io/v1beta2";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyListenerAuthenticatesAndEveryRequestIsAuthorised(String overlay) {
        GenericKubernetesResource kafka = rendered(overlay).custom(STRIMZI, "Kafka").get(0);
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");

        assertThat(listeners).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.get("tls")).as(listener.get("name") + ": tls").isEqualTo(true);
            assertThat(listener.get("authentication")).as(listener.get("name") + ": authentication")
                    .isEqualTo(Map.of("type", "scram-sha-512"));
        });
        assertThat((String) kafka.get("spec", "kafka", "authorization", "type")).isEqualTo("simple");
        assertThat((Object) kafka.get("spec", "kafka", "authorization", "superUsers")).isNull();
        assertThat((String) kafka.get("spec", "entityOperator", "userOperator", "secretPrefix")).isEqualTo("kafka-user-");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachPrincipalIsAKafkaUserWithExactlyItsAcls(String overlay) {
        List<GenericKubernetesResource> users = rendered(overlay).custom(STRIMZI, "KafkaUser");

        assertThat(users).extracting(user -> user.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Principals.ALL);
        assertThat(users).allSatisfy(user -> {
            assertThat(user.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "enclave-kafka");
            assertThat((String) user.get("spec", "authentication", "type")).isEqualTo("scram-sha-512");
            assertThat((String) user.get("spec", "authorization", "type")).isEqualTo("simple");
        });
        assertThat(KafkaAcls.of(users)).containsExactlyElementsOf(Principals.expected());
        assertThat(KafkaAcls.violations(KafkaAcls.of(users))).isEmpty();
    }

    /** No client may create topics, so the platform makes each one as the services' KafkaAdmin expects it. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theTopicOperatorMakesEverySuiteTopicWithThePartitionsAndReplicasTheServicesAreToldOf(String overlay) {
        Manifests manifests = rendered(overlay);
        Map<String, String> config = manifests.named(ConfigMap.class, "enclave-suite-config").orElseThrow().getData();
        List<GenericKubernetesResource> topics = manifests.custom(STRIMZI, "KafkaTopic");

        assertThat(topics).extracting(topic -> topic.getMetadata().getName()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "enclave-kafka");
            assertThat(String.valueOf((Object) topic.get("spec", "partitions")))
                    .isEqualTo(config.get("ENCLAVE_KAFKA_PARTITIONS"));
            assertThat(String.valueOf((Object) topic.get("spec", "replicas")))
                    .isEqualTo(config.get("ENCLAVE_KAFKA_REPLICATION_FACTOR"));
        });
        for (String events : List.of(Topics.ENCLAVE_EVENTS, Topics.COORDINATION_EVENTS)) {
            GenericKubernetesResource topic = topics.stream()
                    .filter(candidate -> candidate.getMetadata().getName().equals(events)).findFirst().orElseThrow();
            assertThat((String) topic.get("spec", "config", "retention.ms")).as(events).isEqualTo("-1");
        }
    }
}
