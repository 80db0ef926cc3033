package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ALICE;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ID;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.T0;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.activeWithMembers;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.with;

/** What the sagas report about the shared services becomes the enclave's record of them, one event per change. */
class EnclaveSharedServicesTest {

    private final AggregateTestFixture<Enclave> fixture = EnclaveFixtures.fixture();
    private final SharedServiceReady bucketReady = new SharedServiceReady(ID, Dependency.OBJECT_STORAGE,
            "bucket enclave-growth", T0);

    @Test
    void aServiceReportedReadyIsRecorded() {
        fixture.given(activeWithMembers())
               .when(new RecordSharedServiceReady(ID, Dependency.OBJECT_STORAGE, "bucket enclave-growth"))
               .expectEvents(bucketReady);
    }

    @Test
    void reportingTheSameStateAgainRecordsNothing() {
        fixture.given(with(activeWithMembers(), bucketReady))
               .when(new RecordSharedServiceReady(ID, Dependency.OBJECT_STORAGE, "set up for tentacle 'report'"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(with(activeWithMembers(), new SharedServiceFailed(ID, Dependency.MESSAGING, "no Stream", T0)))
               .when(new RecordSharedServiceFailure(ID, Dependency.MESSAGING, "still no Stream"))
               .expectNoEvents();
    }

    @Test
    void aFailureAfterReadinessAndARecoveryAfterAFailureAreBothRecorded() {
        SharedServiceFailed failed = new SharedServiceFailed(ID, Dependency.OBJECT_STORAGE, "store unreachable", T0);
        fixture.given(with(activeWithMembers(), bucketReady))
               .when(new RecordSharedServiceFailure(ID, Dependency.OBJECT_STORAGE, "store unreachable"))
               .expectEvents(failed);
        fixture.given(with(activeWithMembers(), bucketReady, failed))
               .when(new RecordSharedServiceReady(ID, Dependency.OBJECT_STORAGE, "bucket enclave-growth"))
               .expectEvents(bucketReady);
    }

    @Test
    void reportsArrivingDuringDeprovisioningAreNotRecorded() {
        fixture.given(with(activeWithMembers(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0)))
               .when(new RecordSharedServiceReady(ID, Dependency.OBJECT_STORAGE, "bucket enclave-growth"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }
}
