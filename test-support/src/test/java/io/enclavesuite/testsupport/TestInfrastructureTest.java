package io.enclavesuite.testsupport;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@EnclaveInfrastructure
class TestInfrastructureTest {

    @Test
    void startsOncePerJvm(TestInfrastructure injected) {
        assertThat(TestInfrastructure.get()).isSameAs(injected);
        assertThat(injected.kind()).isNotNull();
    }

    @Test
    void springPropertiesGiveAFreshDatabaseAndTopicPrefixUnlessGiven(TestInfrastructure infrastructure) {
        Map<String, Object> fresh = infrastructure.springProperties(null, null);
        Map<String, Object> other = infrastructure.springProperties(null, null);

        assertThat(fresh.keySet().stream().filter(key -> !key.startsWith("enclave.principals.registry.")))
                .containsExactlyInAnyOrder("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "spring.kafka.bootstrap-servers", "enclave.kafka.topic-prefix",
                "enclave.kubernetes.kubeconfig", "receipts.signing-key-file",
                "enclave.database.credential-key-file", "coordination.key-encryption.key-file",
                "enclave.api.auth.local-key-file", "enclave.api.auth.service-issuers.slack-gateway",
                "enclave.api.auth.service-issuers.console",
                "enclave.object-storage.endpoint", "enclave.object-storage.access-key", "enclave.object-storage.secret-key",
                "enclave.object-storage.users", "management.server.port", "enclave.principals.key-folder",
                "enclave.slack.principal-key-file", "enclave.console.principal-key-file", "enclave.git-mirror.directory");
        // every test sender may act for anyone; the gateway for Slack users, as in a deployment
        assertThat(fresh).containsEntry("enclave.principals.registry.suite-test.acts-for", "anyone")
                .containsEntry("enclave.principals.registry.slack-gateway.acts-for", "slack-users");
        assertThat(fresh.get("spring.datasource.url")).isNotEqualTo(other.get("spring.datasource.url"));
        assertThat(fresh.get("enclave.kafka.topic-prefix")).isNotEqualTo(other.get("enclave.kafka.topic-prefix"));
        assertThat(fresh).containsEntry("spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers())
                .containsEntry("enclave.kubernetes.kubeconfig", infrastructure.kubeconfig().toString())
                .containsEntry("receipts.signing-key-file", other.get("receipts.signing-key-file"))
                .containsEntry("enclave.api.auth.local-key-file", TestInfrastructure.API_TOKEN_KEY_FILE.toString());

        String shared = infrastructure.newDatabase();
        assertThat(infrastructure.springProperties(shared, "given."))
                .containsEntry("spring.datasource.url", shared)
                .containsEntry("enclave.kafka.topic-prefix", "given.");
    }

    @Test
    void uniqueTopicPrefixesAreShortValidTopicNamePrefixes() {
        String prefix = TestInfrastructure.uniqueTopicPrefix();

        assertThat(prefix).matches("t[0-9a-f]{8}\\.").isNotEqualTo(TestInfrastructure.uniqueTopicPrefix());
    }
}
