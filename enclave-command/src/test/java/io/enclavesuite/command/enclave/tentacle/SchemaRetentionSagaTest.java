package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.command.database.PostgresDatabaseProvisioner;
import io.enclavesuite.command.database.SchemaRetention;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.database.TestDatabases;
import org.axonframework.test.saga.SagaTestFixture;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.StorageCredentials;
import io.enclavesuite.command.storage.TestObjectStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A removed tentacle's data waits out its grace period on the real test PostgreSQL and object store, then goes.
 */
class SchemaRetentionSagaTest {

    private final SagaSteps steps = SagaSteps.unobserved();

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration GRACE = Duration.ofDays(7);
    private static final TentacleName REPORT = TentacleName.of("report");

    private final PostgresDatabaseProvisioner databases = TestDatabases.provisioner();
    private final S3ObjectStorage storage = TestObjectStorage.storage();
    private final S3Client objects = TestObjectStorage.adminClient();
    private final EnclaveId enclave = EnclaveId.of("retention-" + UUID.randomUUID().toString().substring(0, 8));
    private SagaTestFixture<SchemaRetentionSaga> fixture;

    @BeforeEach
    void setUp() {
        databases.ensureTentacleSchema(enclave, TentacleData.first(REPORT), 0);
        StorageCredentials prefix = storage.ensureTentaclePrefix(enclave, TentacleData.first(REPORT), 0);
        objects.putObject(p -> p.bucket(prefix.bucket()).key(prefix.prefix() + "data.csv"), RequestBody.fromString("x"));
        fixture = new SagaTestFixture<>(SchemaRetentionSaga.class);
        fixture.registerResource(databases);
        fixture.registerResource(storage);
        fixture.registerResource(new SchemaRetention(GRACE));
        fixture.registerResource(steps);
    }

    @AfterEach
    void dropBucket() {
        storage.dropBucket(enclave);
    }

    private List<String> objectsOfTheTentacle() {
        return objects.listObjectsV2(l -> l.bucket(storage.bucketOf(enclave)).prefix("tentacles/report/")).contents()
                .stream().map(S3Object::key).toList();
    }

    private TentacleRemoved removed() {
        return new TentacleRemoved(enclave, REPORT, T0);
    }

    @Test
    void theSchemaIsKeptThroughTheGracePeriod() {
        fixture.givenAPublished(removed())
               .whenTimeElapses(GRACE.minusHours(1))
               .expectDeadlinesMet()
               .expectActiveSagas(1)
               .expectScheduledDeadlineWithName(Duration.ofHours(1), SchemaRetentionSaga.GRACE_DEADLINE);
        assertThat(TestDatabases.schemaExists(enclave, "report")).isTrue();
        assertThat(objectsOfTheTentacle()).contains("tentacles/report/data.csv");
        databases.dropEnclaveDatabase(enclave);
    }

    @Test
    void afterTheGracePeriodTheSchemaAndTheObjectsAreDropped() {
        fixture.givenAPublished(removed())
               .whenTimeElapses(GRACE)
               .expectTriggeredDeadlinesWithName(SchemaRetentionSaga.GRACE_DEADLINE)
               .expectActiveSagas(0);
        assertThat(TestDatabases.schemaExists(enclave, "report")).isFalse();
        assertThat(objectsOfTheTentacle()).isEmpty();
        databases.dropEnclaveDatabase(enclave);
    }

    @Test
    void deployingTheTentacleAgainKeepsItsSchema() {
        fixture.givenAPublished(removed())
               .andThenAPublished(new TentacleDeployed(enclave, REPORT, ContainerImage.of("ghcr.io/acme/report:1.1.0"),
                       null, Mode.DEFAULT, UserId.of("U0ALICE"), List.of(Dependency.POSTGRES), T0))
               .whenTimeElapses(GRACE.plusDays(1))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
        assertThat(TestDatabases.schemaExists(enclave, "report")).isTrue();
        databases.dropEnclaveDatabase(enclave);
    }

    private TentacleDeployed deployed(UserId owner, int dataGeneration, int deployment) {
        return new TentacleDeployed(enclave, REPORT, ContainerImage.of("ghcr.io/acme/report:1.1.0"), null, Mode.DEFAULT,
                owner, List.of(Dependency.POSTGRES), T0, dataGeneration, deployment);
    }

    /**
     * Bob's report is removed and Carol deploys the name with data of her own: Bob's data still waits out its grace
     * period — Carol's deployment takes nothing over — then goes, and Carol's stays.
     */
    @Test
    void anotherGenerationDeployedLeavesTheKeptDataToItsGracePeriod() {
        TentacleData carols = new TentacleData(REPORT, 2);
        databases.ensureTentacleSchema(enclave, carols, 2);
        storage.ensureTentaclePrefix(enclave, carols, 2);

        fixture.givenAPublished(new TentacleRemoved(enclave, REPORT, T0, 0, UserId.of("U0BOB")))
               .andThenAPublished(deployed(UserId.of("U0CAROL"), 2, 2))
               .whenTimeElapses(GRACE)
               .expectTriggeredDeadlinesWithName(SchemaRetentionSaga.GRACE_DEADLINE)
               .expectActiveSagas(0);
        assertThat(TestDatabases.schemaExists(enclave, "report")).isFalse();
        assertThat(objectsOfTheTentacle()).isEmpty();
        assertThat(TestDatabases.schemaExists(enclave, "report_2")).isTrue();
        assertThat(objects.listObjectsV2(l -> l.bucket(storage.bucketOf(enclave)).prefix("tentacles/report_2/"))
                .contents()).isNotEmpty();
        databases.dropEnclaveDatabase(enclave);
    }

    /** Each removed generation waits on its own; taking one back leaves the other's deadline as it was. */
    @Test
    void eachRemovedGenerationIsKeptOnItsOwn() {
        TentacleData carols = new TentacleData(REPORT, 2);
        databases.ensureTentacleSchema(enclave, carols, 2);

        fixture.givenAPublished(new TentacleRemoved(enclave, REPORT, T0, 0, UserId.of("U0BOB")))
               .andThenAPublished(deployed(UserId.of("U0CAROL"), 2, 2))
               .andThenAPublished(new TentacleRemoved(enclave, REPORT, T0, 2, UserId.of("U0CAROL")))
               .whenPublishingA(deployed(UserId.of("U0BOB"), 0, 3))
               .expectActiveSagas(1)
               .expectScheduledDeadlineWithName(GRACE, SchemaRetentionSaga.GRACE_DEADLINE);
        assertThat(TestDatabases.schemaExists(enclave, "report")).isTrue();
        assertThat(TestDatabases.schemaExists(enclave, "report_2")).isTrue();
        databases.dropEnclaveDatabase(enclave);
    }

    @Test
    void deprovisioningTheEnclaveEndsTheWait() {
        fixture.givenAPublished(removed())
               .whenPublishingA(new EnclaveDeprovisioningStarted(enclave, UserId.of("U0ALICE"), enclave.namespace(), T0))
               .expectNoScheduledDeadlines()
               .expectActiveSagas(0);
        databases.dropEnclaveDatabase(enclave);
    }
}
