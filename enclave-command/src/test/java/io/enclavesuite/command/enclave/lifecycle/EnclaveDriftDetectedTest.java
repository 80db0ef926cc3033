package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.DriftDetected;
import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.RecordDetectedDrift;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A drift the API server would not let the reconciler repair is recorded once until the object is repaired. */
class EnclaveDriftDetectedTest {

    private static final String CHANGE = "changed: spec.hard.pods 99→20";
    private static final String REFUSAL = "403 resourcequotas \"enclave-quota\" is forbidden";
    private static final RecordDetectedDrift QUOTA_REFUSED =
            new RecordDetectedDrift(ID, "ResourceQuota", "enclave-quota", CHANGE, "kubectl-edit", REFUSAL);
    private static final DriftDetected QUOTA_DETECTED =
            new DriftDetected(ID, "ResourceQuota", "enclave-quota", CHANGE, "kubectl-edit", REFUSAL, T0);

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aRefusedRepairIsRecordedAsDetected() {
        fixture.given(started(), activated())
               .when(QUOTA_REFUSED, by("reconciler"))
               .expectEvents(QUOTA_DETECTED);
    }

    @Test
    void theSameRefusalNextPassIsNotRecordedAgain() {
        fixture.given(started(), activated(), QUOTA_DETECTED)
               .when(QUOTA_REFUSED, by("reconciler"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void anotherObjectsRefusalIsRecordedToo() {
        fixture.given(started(), activated(), QUOTA_DETECTED)
               .when(new RecordDetectedDrift(ID, "NetworkPolicy", "default-deny", "missing", null, REFUSAL))
               .expectEvents(new DriftDetected(ID, "NetworkPolicy", "default-deny", "missing", null, REFUSAL, T0));
    }

    @Test
    void afterTheObjectWasRepairedARefusalIsRecordedAgain() {
        fixture.given(started(), activated(), QUOTA_DETECTED,
                       new DriftRepaired(ID, "ResourceQuota", "enclave-quota", CHANGE, "kubectl-edit", T0))
               .when(QUOTA_REFUSED, by("reconciler"))
               .expectEvents(QUOTA_DETECTED);
    }

    @Test
    void aDetectedDriftSaysWhyItWasNotRepaired() {
        assertThatThrownBy(() -> new RecordDetectedDrift(ID, "ResourceQuota", "enclave-quota", CHANGE, null, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not be repaired");
    }
}
