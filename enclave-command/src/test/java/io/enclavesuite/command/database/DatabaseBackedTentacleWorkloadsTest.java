package io.enclavesuite.command.database;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.Fabric8TentacleWorkloads;
import io.enclavesuite.command.kubernetes.TentacleWorkload;
import io.enclavesuite.command.kubernetes.TestNamespaces;
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
 * A tentacle that declares postgres, against the test Kubernetes API and the real test PostgreSQL: its pods read
 * credentials from a Secret in its namespace, and those credentials work in its own schema.
 */
class DatabaseBackedTentacleWorkloadsTest {

    private static final KubernetesClient kubernetes = TestNamespaces.client();
    private final PostgresDatabaseProvisioner databases = TestDatabases.provisioner();
    private DatabaseBackedTentacleWorkloads workloads;
    private EnclaveId enclave;

    @BeforeEach
    void setUp() {
        enclave = TestNamespaces.provisioned(kubernetes, "db-" + java.util.UUID.randomUUID().toString().substring(0, 6));
        workloads = new DatabaseBackedTentacleWorkloads(new Fabric8TentacleWorkloads(kubernetes), databases, kubernetes);
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
    void aTentacleWithoutThePostgresDependencyGetsNoDatabaseAndNoSecret() {
        workloads.apply(tentacle("web", null, Dependency.OBJECT_STORAGE));

        assertThat(secret("web")).isNull();
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()).isNullOrEmpty();
        assertThat(TestDatabases.exists(enclave)).isFalse();
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

        workloads.remove(enclave, TentacleName.of("report"));

        assertThat(secret("report")).isNull();
        assertThat(kubernetes.apps().deployments().inNamespace(enclave.namespace()).withName("report").get()).isNull();
        workloads.apply(tentacle("report", null, Dependency.POSTGRES)); // deployed again: its table is there
        DatabaseCredentials again = databases.ensureTentacleSchema(enclave, TentacleName.of("report"));
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + again.host() + ":"
                + again.port() + "/" + again.database(), again.user(), again.password());
             Statement statement = connection.createStatement()) {
            statement.execute("select count(*) from kept");
        }
        databases.dropEnclaveDatabase(enclave);
    }
}
