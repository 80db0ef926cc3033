package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.ProvisionEnclave;
import io.enclavesuite.api.enclave.QuotaPreset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;


/** Provisioning: creation, completion and failure, as the provisioning saga drives them. */
class EnclaveTest {

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void provisioningANewEnclaveStartsProvisioning() {
        fixture.givenNoPriorActivity()
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, null, null))
               .expectSuccessfulHandlerExecution()
               .expectEvents(started());
    }

    @Test
    void provisioningKeepsTheRequestedQuotaAndMode() {
        fixture.givenNoPriorActivity()
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, QuotaPreset.LARGE, Mode.OPEN_READ))
               .expectEvents(new EnclaveProvisioningStarted(ID, CHANNEL, ALICE, QuotaPreset.LARGE, Mode.OPEN_READ,
                       "enclave-growth", T0));
    }

    @Test
    void provisioningAnExistingEnclaveIsRejected() {
        fixture.given(started(), new EnclaveActivated(ID, "enclave-growth", T0))
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, null, null))
               .expectException(EnclaveAlreadyExists.class)
               .expectExceptionMessage("enclave 'growth' already exists (active)")
               .expectNoEvents();
    }

    @Test
    void provisioningAnEnclaveThatIsStillProvisioningIsRejected() {
        fixture.given(started())
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, null, null))
               .expectException(EnclaveAlreadyExists.class)
               .expectNoEvents();
    }

    @Test
    void provisioningMayBeSentAgainAfterAFailure() {
        fixture.given(started(), new EnclaveProvisioningFailed(ID, "namespace refused", T0))
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, null, null))
               .expectEvents(started());
    }

    @Test
    void completingProvisioningActivatesTheEnclave() {
        fixture.given(started())
               .when(new CompleteProvisioning(ID, "enclave-growth"))
               .expectEvents(new EnclaveActivated(ID, "enclave-growth", T0));
    }

    @Test
    void completingAnActiveEnclaveAgainChangesNothing() {
        fixture.given(started(), new EnclaveActivated(ID, "enclave-growth", T0))
               .when(new CompleteProvisioning(ID, "enclave-growth"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void completingAFailedProvisioningIsRejected() {
        fixture.given(started(), new EnclaveProvisioningFailed(ID, "namespace refused", T0))
               .when(new CompleteProvisioning(ID, "enclave-growth"))
               .expectException(EnclaveNotProvisioning.class)
               .expectExceptionMessage("enclave 'growth' is not being provisioned (it is failed)");
    }

    @Test
    void failingProvisioningRecordsTheReason() {
        fixture.given(started())
               .when(new FailProvisioning(ID, "namespace refused"))
               .expectEvents(new EnclaveProvisioningFailed(ID, "namespace refused", T0));
    }

    @Test
    void failingAnActiveEnclaveIsRejected() {
        fixture.given(started(), new EnclaveActivated(ID, "enclave-growth", T0))
               .when(new FailProvisioning(ID, "too late"))
               .expectException(EnclaveNotProvisioning.class)
               .expectNoEvents();
    }

    @Test
    void aDeprovisionedEnclaveCannotBeProvisionedAgain() {
        fixture.given(started(), activated(),
                      new io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0),
                      new io.enclavesuite.api.enclave.EnclaveDeprovisioned(ID, ALICE, java.util.List.of(), T0))
               .when(new ProvisionEnclave(ID, CHANNEL, ALICE, null, null))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' has been deprovisioned; that cannot be undone, and it "
                       + "takes no more commands")
               .expectNoEvents();
    }
}
