package io.enclavesuite.command.enclave.services;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.DatabaseCredentials;
import io.enclavesuite.command.database.PostgresDatabaseProvisioner;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.database.TestDatabases;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8OnDemandServices;
import io.enclavesuite.command.kubernetes.OnDemandServicesTest;
import io.enclavesuite.command.enclave.tentacle.Fabric8TentacleWorkloads;
import io.enclavesuite.command.enclave.tentacle.TentacleWorkload;
import io.enclavesuite.command.kubernetes.TestNamespaces;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.TestObjectStorage;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tentacles with shared services, against the test Kubernetes API, the real test PostgreSQL and the test object
 * store: their pods read credentials from Secrets and settings from ConfigMaps in their namespace, those
 * credentials work, and a service's resources exist only when a tentacle declared it.
 */
class SharedServiceWorkloadsTest {

    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private final PostgresDatabaseProvisioner databases = TestDatabases.provisioner();
    private final S3ObjectStorage storage = TestObjectStorage.storage();
    private final Fabric8OnDemandServices onDemand = new Fabric8OnDemandServices(kubernetes, "nats://nats.test:4222",
            "test.example");
    private SharedServiceWorkloads workloads;
    private EnclaveId enclave;

    @BeforeEach
    void setUp() {
        OnDemandServicesTest.installResourceDefinitions(kubernetes);
        enclave = TestNamespaces.provisioned(kubernetes, "svc-" + java.util.UUID.randomUUID().toString().substring(0, 6));
        workloads = new SharedServiceWorkloads(new Fabric8TentacleWorkloads(kubernetes), databases, storage, onDemand,
                kubernetes);
    }

    @org.junit.jupiter.api.AfterEach
    void dropBucket() {
        storage.dropBucket(enclave);
        onDemand.removeAll(enclave);
    }

    private Map<String, String> storageSecret(String tentacle) {
        Secret secret = kubernetes.secrets().inNamespace(enclave.namespace()).withName(tentacle + "-storage").get();
        return secret == null ? null : values(secret);
    }

    private Map<String, String> configMap(String name) {
        var map = kubernetes.configMaps().inNamespace(enclave.namespace()).withName(name).get();
        return map == null ? null : map.getData();
    }

    private TentacleWorkload tentacle(String name, CronSchedule schedule, Dependency... dependencies) {
        return new TentacleWorkload(enclave, TentacleName.of(name), ContainerImage.of("ghcr.io/acme/" + name + ":1.0.0"),
                schedule, false, UserId.of("U0ALICE"), Mode.DEFAULT, "U0ALICE", "slack", List.of(dependencies));
    }

    private Secret secret(String name) {
        return kubernetes.secrets().inNamespace(enclave.namespace()).withName(name + "-database").get();
    }

    /** A real API server turns stringData into data; the mock keeps what it was given. */
    private static Map<String, String> values(Secret secret) {
        Map<String, String> values = new HashMap<>();
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v),
                    StandardCharsets.UTF_8)));
        }
        return values;
    }

    @Test
    void aTentacleThatDeclaresPostgresReadsWorkingCredentialsFromItsSecret() throws Exception {
        workloads.apply(tentacle("report", CronSchedule.of("0 2 * * *"), Dependency.POSTGRES));
        workloads.apply(tentacle("report", CronSchedule.of("0 2 * * *"), Dependency.POSTGRES)); // converges

        Secret secret = secret("report");
        assertThat(secret.getMetadata().getLabels()).containsEntry(EnclaveLabels.ENCLAVE, enclave.value())
                .containsEntry(EnclaveLabels.TENTACLE, "report");
        Map<String, String> env = values(secret);
        assertThat(env).containsEntry("PGDATABASE", enclave.namespace()).containsEntry("PGSCHEMA", "report")
                .containsKeys("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGOPTIONS");
        Container container = kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report")
                .get().getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getSecretRef().getName()).isEqualTo("report-database"));
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + env.get("PGHOST") + ":"
                + env.get("PGPORT") + "/" + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD"));
             Statement statement = connection.createStatement()) {
            statement.execute("create table runs (at timestamptz)");
            statement.execute("insert into report.runs values (now())");
        }
        databases.dropEnclaveDatabase(enclave);
    }

    @Test
    void aTentacleWithoutDependenciesGetsNoServiceAtAll() {
        workloads.apply(tentacle("web", null));

        assertThat(secret("web")).isNull();
        assertThat(storageSecret("web")).isNull();
        assertThat(configMap("web-messaging")).isNull();
        assertThat(configMap("web-identity")).isNull();
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()).isNullOrEmpty();
        assertThat(TestDatabases.exists(enclave)).isFalse();
        assertThat(OnDemandServicesTest.stream(kubernetes, enclave)).isNull();
        assertThat(OnDemandServicesTest.clusterSpiffeId(kubernetes, enclave)).isNull();
    }

    @Test
    void aTentacleThatDeclaresObjectStorageWritesUnderItsPrefixWithTheKeysOfItsSecret() {
        workloads.apply(tentacle("web", null, Dependency.OBJECT_STORAGE));
        workloads.apply(tentacle("web", null, Dependency.OBJECT_STORAGE)); // converges

        Map<String, String> env = storageSecret("web");
        assertThat(env).containsEntry("S3_BUCKET", "enclave-" + enclave.value()).containsEntry("S3_PREFIX", "tentacles/web/");
        assertThat(kubernetes.secrets().inNamespace(enclave.namespace()).withName("web-storage").get().getMetadata()
                .getLabels()).containsEntry(EnclaveLabels.TENTACLE, "web");
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getSecretRef().getName()).isEqualTo("web-storage"));
        try (S3Client tentacle = TestObjectStorage.clientFrom(env)) {
            tentacle.putObject(p -> p.bucket(env.get("S3_BUCKET")).key(env.get("S3_PREFIX") + "hello"),
                    RequestBody.fromString("hi"));
        }
        assertThat(TestDatabases.exists(enclave)).isFalse();
    }

    @Test
    void messagingAndIdentityAreMadeOnlyWhenDeclaredAndReachThePodThroughConfigMaps() {
        workloads.apply(tentacle("report", CronSchedule.of("0 2 * * *"), Dependency.MESSAGING, Dependency.IDENTITY));

        assertThat(configMap("report-messaging")).containsEntry("NATS_URL", "nats://nats.test:4222")
                .containsEntry("NATS_SUBJECT_PREFIX", "enclave." + enclave.value() + ".")
                .containsEntry("NATS_STREAM", enclave.namespace());
        assertThat(configMap("report-identity"))
                .containsEntry("SPIFFE_ID", "spiffe://test.example/enclaves/" + enclave.value() + "/tentacles/report")
                .containsEntry("SPIFFE_ENDPOINT_SOCKET", "unix:///spiffe-workload-api/spire-agent.sock");
        assertThat(OnDemandServicesTest.stream(kubernetes, enclave)).isNotNull();
        assertThat(OnDemandServicesTest.clusterSpiffeId(kubernetes, enclave)).isNotNull();
        var pod = kubernetes.batch().v1().cronjobs().inNamespace(enclave.namespace()).withName("report").get()
                .getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getEnvFrom())
                .extracting(source -> source.getConfigMapRef().getName())
                .containsExactly("report-messaging", "report-identity");
        assertThat(pod.getVolumes()).singleElement()
                .satisfies(volume -> assertThat(volume.getCsi().getDriver()).isEqualTo("csi.spiffe.io"));
        assertThat(pod.getContainers().get(0).getVolumeMounts()).singleElement()
                .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/spiffe-workload-api"));
    }

    @Test
    void aServiceNoLongerDeclaredLosesItsSecretOrConfigMap() {
        workloads.apply(tentacle("web", null, Dependency.OBJECT_STORAGE, Dependency.MESSAGING));

        workloads.apply(tentacle("web", null, Dependency.POSTGRES));

        assertThat(storageSecret("web")).isNull();
        assertThat(configMap("web-messaging")).isNull();
        assertThat(secret("web")).isNotNull();
        databases.dropEnclaveDatabase(enclave);
    }

    @Test
    void aFailingServiceSaysWhichOneFailedAndLeavesTheWorkloadUnapplied() {
        SharedServiceWorkloads withoutStore = new SharedServiceWorkloads(new Fabric8TentacleWorkloads(kubernetes),
                databases, new io.enclavesuite.command.storage.UnconfiguredObjectStorage(), onDemand, kubernetes);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> withoutStore.apply(tentacle("web", null, Dependency.OBJECT_STORAGE)))
                .isInstanceOfSatisfying(SharedServiceUnavailable.class, e -> {
                    assertThat(e.service()).isEqualTo(Dependency.OBJECT_STORAGE);
                    assertThat(e.getMessage()).contains("enclave.object-storage.endpoint");
                });
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("web").get()).isNull();
    }

    @Test
    void removingTheTentacleRemovesItsWorkloadAndSecretAndKeepsItsData() throws Exception {
        workloads.apply(tentacle("report", null, Dependency.POSTGRES));
        Map<String, String> env = values(secret("report"));
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + env.get("PGHOST") + ":"
                + env.get("PGPORT") + "/" + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD"));
             Statement statement = connection.createStatement()) {
            statement.execute("create table kept (x int)");
        }

        workloads.remove(enclave, TentacleData.first(TentacleName.of("report")));

        assertThat(secret("report")).isNull();
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("report").get()).isNull();
        workloads.apply(tentacle("report", null, Dependency.POSTGRES)); // deployed again: its table is there
        DatabaseCredentials again = databases.ensureTentacleSchema(enclave, TentacleData.first(TentacleName.of("report")), 0);
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + again.host() + ":"
                + again.port() + "/" + again.database(), again.user(), again.password());
             Statement statement = connection.createStatement()) {
            statement.execute("select count(*) from kept");
        }
        databases.dropEnclaveDatabase(enclave);
    }

    private static Connection connect(Map<String, String> env) throws java.sql.SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + env.get("PGHOST") + ":" + env.get("PGPORT") + "/"
                + env.get("PGDATABASE"), env.get("PGUSER"), env.get("PGPASSWORD"));
    }

    /**
     * Bob's report is removed and Carol deploys the name with data of its own (generation 2, the enclave's second
     * deployment): her Secret names her own role, password and schema; Bob's role no longer logs in and his table
     * is out of her reach, yet kept. A grant to her tentacle reaches her generation's role.
     */
    @Test
    void aDeploymentWithDataOfItsOwnGetsItsOwnCredentialsAndTheRemovedDataStaysClosed() throws Exception {
        workloads.apply(tentacle("report", null, Dependency.POSTGRES).deployedAs(0, 1));
        Map<String, String> bob = values(secret("report"));
        try (Connection connection = connect(bob); Statement statement = connection.createStatement()) {
            statement.execute("create table findings (x int)");
        }
        workloads.remove(enclave, TentacleData.first(TentacleName.of("report")));

        workloads.apply(tentacle("report", null, Dependency.POSTGRES).deployedAs(2, 2));
        Map<String, String> carol = values(secret("report"));

        assertThat(carol).containsEntry("PGSCHEMA", "report_2")
                .containsEntry("PGUSER", "enclave-" + enclave.value() + ".report_2");
        assertThat(carol.get("PGPASSWORD")).isNotEqualTo(bob.get("PGPASSWORD"));
        try (Connection connection = connect(carol); Statement statement = connection.createStatement()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute("select * from report.findings"))
                    .hasMessageContaining("permission denied for schema report");
            statement.execute("create table figures (x int)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connect(bob).close())
                .hasMessageContaining("not permitted to log in");
        assertThat(TestDatabases.schemaExists(enclave, "report")).isTrue();

        workloads.apply(tentacle("etl", null, Dependency.POSTGRES).deployedAs(3, 3));
        workloads.apply(tentacle("report", null, Dependency.POSTGRES).deployedAs(2, 2)
                .withSchemaAccess(new TentacleData(TentacleName.of("etl"), 3),
                        io.enclavesuite.api.tentacle.SchemaAccess.READ));
        Map<String, String> etl = values(secret("etl"));
        try (Connection connection = connect(etl); Statement statement = connection.createStatement()) {
            statement.execute("select * from report_2.figures");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.execute("select * from report.findings"))
                    .hasMessageContaining("permission denied for schema report");
        }
        databases.dropEnclaveDatabase(enclave);
    }
}
