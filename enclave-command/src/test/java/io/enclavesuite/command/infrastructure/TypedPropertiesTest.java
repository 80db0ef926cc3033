package io.enclavesuite.command.infrastructure;

import io.enclavesuite.command.database.DatabaseProperties;
import io.enclavesuite.command.gitmirror.GitMirrorProperties;
import io.enclavesuite.command.enclave.reconcile.ReconcileProperties;
import io.enclavesuite.command.kubernetes.KubernetesHealthProperties;
import io.enclavesuite.command.kubernetes.KubernetesProperties;
import io.enclavesuite.command.kubernetes.OnDemandServicesProperties;
import io.enclavesuite.command.storage.ObjectStorageProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's settings keep their names and their defaults, each default written once, in its record. */
class TypedPropertiesTest {

    private static final Map<String, String> DATABASE = Map.of(
            "enclave.database.admin-url", "jdbc:postgresql://db:5432/suite",
            "enclave.database.admin-username", "admin",
            "enclave.database.admin-password", "secret",
            "enclave.database.credential-key-file", "/keys/credential-key");

    @Test
    void unsetSettingsTakeTheirDefaults() {
        Binder binder = new Binder(new MapConfigurationPropertySource(DATABASE));

        DatabaseProperties database = binder.bindOrCreate("enclave.database", DatabaseProperties.class);
        assertThat(database.host()).isEmpty();
        assertThat(database.port()).isZero();
        assertThat(database.schemaGracePeriod()).isEqualTo(Duration.ofDays(7));
        assertThat(database.credentialKeyFile()).isEqualTo(Path.of("/keys/credential-key"));

        EnclaveAggregateProperties aggregate = binder.bindOrCreate("enclave", EnclaveAggregateProperties.class);
        assertThat(aggregate.snapshotThreshold()).isEqualTo(100);
        assertThat(aggregate.aggregateCache().entries()).isEqualTo(10000);

        assertThat(binder.bindOrCreate("enclave.kubernetes", KubernetesProperties.class).kubeconfig()).isEmpty();
        assertThat(binder.bindOrCreate("enclave.health", KubernetesHealthProperties.class).kubernetesTimeout())
                .isEqualTo(Duration.ofSeconds(2));

        ObjectStorageProperties store = binder.bindOrCreate("enclave.object-storage", ObjectStorageProperties.class);
        assertThat(store.configured()).isFalse();
        assertThat(store.region()).isEqualTo("us-east-1");
        assertThat(store.bucketPrefix()).isEqualTo("enclave-");
        assertThat(store.users()).isEqualTo("minio");

        GitMirrorProperties mirror = binder.bindOrCreate("enclave.git-mirror", GitMirrorProperties.class);
        assertThat(mirror.enabled()).isTrue();
        assertThat(mirror.directory().normalize()).isEqualTo(Path.of(".enclave-data/git-mirror"));
        assertThat(mirror.branch()).isEqualTo("main");
        assertThat(mirror.pushes()).isFalse();
        assertThat(mirror.passwordFile()).isNull();
        assertThat(mirror.password()).isNull();

        OnDemandServicesProperties services = binder.bindOrCreate("enclave", OnDemandServicesProperties.class);
        assertThat(services.messaging().url()).isEqualTo("nats://nats.nats.svc.cluster.local:4222");
        assertThat(services.identity().trustDomain()).isEqualTo("enclave.local");

        assertThat(binder.bindOrCreate("enclave.reconcile", ReconcileProperties.class))
                .isEqualTo(new ReconcileProperties(true, Duration.ofMinutes(5), true));
    }

    @Test
    void settingsAreReadUnderTheirDocumentedNames() {
        Map<String, String> settings = new java.util.HashMap<>(DATABASE);
        settings.putAll(Map.of("enclave.database.host", "postgres.shared", "enclave.database.port", "6432",
                "enclave.database.schema-grace-period", "1d", "enclave.snapshot-threshold", "50",
                "enclave.aggregate-cache.entries", "20", "enclave.kubernetes.kubeconfig", "/kube/config",
                "enclave.health.kubernetes-timeout", "5s", "enclave.object-storage.endpoint", "http://minio:9000",
                "enclave.object-storage.workload-endpoint", "http://minio.storage:9000",
                "enclave.messaging.url", "nats://nats:4222"));
        settings.put("enclave.identity.trust-domain", "acme.test");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));

        DatabaseProperties database = binder.bindOrCreate("enclave.database", DatabaseProperties.class);
        assertThat(database.host()).isEqualTo("postgres.shared");
        assertThat(database.port()).isEqualTo(6432);
        assertThat(database.schemaGracePeriod()).isEqualTo(Duration.ofDays(1));
        EnclaveAggregateProperties aggregate = binder.bindOrCreate("enclave", EnclaveAggregateProperties.class);
        assertThat(aggregate.snapshotThreshold()).isEqualTo(50);
        assertThat(aggregate.aggregateCache().entries()).isEqualTo(20);
        assertThat(binder.bindOrCreate("enclave.kubernetes", KubernetesProperties.class).kubeconfig())
                .isEqualTo("/kube/config");
        assertThat(binder.bindOrCreate("enclave.health", KubernetesHealthProperties.class).kubernetesTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        ObjectStorageProperties store = binder.bindOrCreate("enclave.object-storage", ObjectStorageProperties.class);
        assertThat(store.configured()).isTrue();
        assertThat(store.workloadEndpoint()).isEqualTo("http://minio.storage:9000");
        OnDemandServicesProperties services = binder.bindOrCreate("enclave", OnDemandServicesProperties.class);
        assertThat(services.messaging().url()).isEqualTo("nats://nats:4222");
        assertThat(services.identity().trustDomain()).isEqualTo("acme.test");
    }

    @Test
    void theReconcilerIsTunedUnderItsDocumentedNamesAndRefusesANegativeInterval() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("enclave.reconcile.interval", "0",
                "enclave.reconcile.informers", "false")));
        assertThat(binder.bindOrCreate("enclave.reconcile", ReconcileProperties.class))
                .isEqualTo(new ReconcileProperties(true, Duration.ZERO, false));

        Binder negative = new Binder(new MapConfigurationPropertySource(Map.of("enclave.reconcile.interval", "-1m")));
        assertThatThrownBy(() -> negative.bindOrCreate("enclave.reconcile", ReconcileProperties.class))
                .isInstanceOf(BindException.class).hasRootCauseMessage(
                        "enclave.reconcile.interval must not be negative (0 turns it off)");
    }

    @Test
    void aMissingCredentialKeyFileIsRefusedAtStart() {
        Map<String, String> settings = new java.util.HashMap<>(DATABASE);
        settings.remove("enclave.database.credential-key-file");
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));

        assertThatThrownBy(() -> binder.bindOrCreate("enclave.database", DatabaseProperties.class))
                .isInstanceOf(BindException.class).hasRootCauseMessage("enclave.database.credential-key-file is required");
    }
}
