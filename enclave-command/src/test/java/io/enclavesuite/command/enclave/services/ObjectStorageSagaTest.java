package io.enclavesuite.command.enclave.services;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.storage.S3ObjectStorage;
import io.enclavesuite.command.storage.TestObjectStorage;
import io.enclavesuite.command.storage.UnconfiguredObjectStorage;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An active enclave's bucket, on the test object store; a store that cannot be reached never blocks the enclave. */
class ObjectStorageSagaTest {

    private final SagaSteps steps = SagaSteps.unobserved();

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private final ProvisioningRetryPolicy retry = new ProvisioningRetryPolicy(3, Duration.ofSeconds(2), 2.0,
            Duration.ofMinutes(1));
    private final S3ObjectStorage storage = TestObjectStorage.storage();
    private final EnclaveId enclave = EnclaveId.of("bucket-" + UUID.randomUUID().toString().substring(0, 8));
    private SagaTestFixture<ObjectStorageSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(ObjectStorageSaga.class);
        fixture.registerResource(retry);
        fixture.registerResource(steps);
    }

    @AfterEach
    void dropBucket() {
        storage.dropBucket(enclave);
    }

    private EnclaveActivated activated() {
        return new EnclaveActivated(enclave, enclave.namespace(), T0);
    }

    @Test
    void anActivatedEnclaveGetsItsBucketAndTheSagaEnds() {
        fixture.registerResource(storage);

        fixture.givenNoPriorActivity()
               .whenPublishingA(activated())
               .expectDispatchedCommands(new RecordSharedServiceReady(enclave, Dependency.OBJECT_STORAGE,
                       "bucket enclave-" + enclave.value()))
               .expectActiveSagas(0);
        assertThat(storage.dropBucket(enclave)).contains("enclave-" + enclave.value());
    }

    @Test
    void aStoreThatKeepsFailingIsRetriedThenRecordedAsFailed() {
        fixture.registerResource(new UnconfiguredObjectStorage());

        fixture.givenAPublished(activated())
               .whenTimeElapses(Duration.ofSeconds(6)) // tries at 0, 2 and 6 s
               .expectDispatchedCommands(new RecordSharedServiceFailure(enclave, Dependency.OBJECT_STORAGE,
                       "creating the bucket failed: no object store is configured (enclave.object-storage.endpoint) "
                               + "(gave up after 3 attempts)"))
               .expectActiveSagas(0);
    }

    @Test
    void deprovisioningDuringARetryEndsTheSagaWithoutABucket() {
        fixture.registerResource(new UnconfiguredObjectStorage());

        fixture.givenAPublished(activated())
               .whenPublishingA(new EnclaveDeprovisioningStarted(enclave, UserId.of("U0ALICE"), enclave.namespace(), T0))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines()
               .expectNoDispatchedCommands();
    }
}
