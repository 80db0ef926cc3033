package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.DriftRepaired;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.RecordRepairedDrift;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the reconciler repaired becomes the enclave's history, whatever state the enclave is in. */
class EnclaveDriftTest {

    private static final RecordRepairedDrift DENY_ALL_RESTORED =
            new RecordRepairedDrift(ID, "NetworkPolicy", "default-deny", "missing", null);

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aRepairedObjectOfAnActiveEnclaveIsRecorded() {
        fixture.given(started(), activated())
               .when(DENY_ALL_RESTORED, by("reconciler"))
               .expectEvents(new DriftRepaired(ID, "NetworkPolicy", "default-deny", "missing", null, T0));
    }

    @Test
    void aFrozenEnclaveRecordsItsRepairsToo() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new RecordRepairedDrift(ID, "ResourceQuota", "enclave-quota", "changed: spec.hard.pods 99→50", null))
               .expectEvents(new DriftRepaired(ID, "ResourceQuota", "enclave-quota", "changed: spec.hard.pods 99→50", null,
                       T0));
    }

    @Test
    void aNamespaceRemovedAgainAfterDeprovisioningIsRecordedOnTheDeprovisionedEnclave() {
        fixture.given(started(), activated(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0),
                       new EnclaveDeprovisioned(ID, ALICE, List.of("Namespace/enclave-growth"), T0))
               .when(new RecordRepairedDrift(ID, "Namespace", "enclave-growth", "unexpected", null))
               .expectEvents(new DriftRepaired(ID, "Namespace", "enclave-growth", "unexpected", null, T0));
    }

    @Test
    void thereIsNoDriftOfAnEnclaveThatNeverExisted() {
        fixture.givenNoPriorActivity()
               .when(DENY_ALL_RESTORED)
               .expectException(AggregateNotFoundException.class);
    }

    @Test
    void aRepairNamesItsObjectAndWhatChanged() {
        assertThatThrownBy(() -> new RecordRepairedDrift(ID, "NetworkPolicy", " ", "missing", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind and name");
        assertThatThrownBy(() -> new RecordRepairedDrift(ID, "NetworkPolicy", "default-deny", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("what had changed");
    }
}
