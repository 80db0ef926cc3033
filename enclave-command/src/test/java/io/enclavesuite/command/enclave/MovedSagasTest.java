package io.enclavesuite.command.enclave;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.command.enclave.lifecycle.DeprovisioningSaga;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningSaga;
import io.enclavesuite.command.enclave.services.ObjectStorageSaga;
import io.enclavesuite.command.enclave.tentacle.SchemaRetentionSaga;
import io.enclavesuite.command.enclave.tentacle.TentacleSaga;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's saga store finds a saga by its class's full name: the sagas stored before they moved into the feature
 * packages must be found under their new names, with their associations, once the migrations ran.
 */
class MovedSagasTest {

    private static final Map<String, Class<?>> MOVED = Map.of(
            "io.enclavesuite.command.lifecycle.ProvisioningSaga", ProvisioningSaga.class,
            "io.enclavesuite.command.lifecycle.DeprovisioningSaga", DeprovisioningSaga.class,
            "io.enclavesuite.command.tentacle.TentacleSaga", TentacleSaga.class,
            "io.enclavesuite.command.tentacle.SchemaRetentionSaga", SchemaRetentionSaga.class,
            "io.enclavesuite.command.services.ObjectStorageSaga", ObjectStorageSaga.class);

    @Test
    void aSagaStoredUnderItsOldNameIsFoundUnderItsNewOne() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infrastructure.newDatabase(),
                infrastructure.postgresUsername(), infrastructure.postgresPassword());
        migrate(dataSource, MigrationVersion.fromVersion("7"));
        dataSource.setSchema("enclave_command");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        int n = 0;
        for (String oldName : MOVED.keySet()) {
            String sagaId = "saga-" + n++;
            jdbc.update("INSERT INTO sagaentry (sagaid, revision, sagatype, serializedsaga) VALUES (?, NULL, ?, ?)",
                    sagaId, oldName, "{}".getBytes(StandardCharsets.UTF_8));
            jdbc.update("INSERT INTO associationvalueentry (associationkey, associationvalue, sagaid, sagatype) "
                    + "VALUES ('enclaveId', 'growth', ?, ?)", sagaId, oldName);
        }

        migrate(dataSource, MigrationVersion.LATEST);

        JdbcSagaStore store = JdbcSagaStore.builder()
                .connectionProvider(dataSource::getConnection)
                .sqlSchema(new PostgresSagaSqlSchema())
                .serializer(JacksonSerializer.builder().objectMapper(new ObjectMapper()).build())
                .build();
        for (Class<?> sagaType : MOVED.values()) {
            assertThat(store.findSagas(sagaType, new AssociationValue("enclaveId", "growth")))
                    .as(sagaType.getSimpleName()).hasSize(1);
        }
        for (String oldName : MOVED.keySet()) {
            Class<?> sagaType = MOVED.get(oldName);
            String sagaId = jdbc.queryForObject("SELECT sagaid FROM associationvalueentry WHERE sagatype = ?",
                    String.class, sagaType.getName());
            assertThat(store.loadSaga(sagaType, sagaId)).as(oldName).isNotNull();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sagaentry WHERE sagatype NOT LIKE "
                + "'io.enclavesuite.command.enclave.%'", Integer.class)).isZero();
    }

    private static void migrate(DriverManagerDataSource dataSource, MigrationVersion target) {
        Flyway.configure().dataSource(dataSource).schemas("enclave_command").defaultSchema("enclave_command")
                .createSchemas(true).target(target)
                .locations("classpath:db/migration/write-side", "classpath:db/migration/enclave-command")
                .load().migrate();
    }
}
