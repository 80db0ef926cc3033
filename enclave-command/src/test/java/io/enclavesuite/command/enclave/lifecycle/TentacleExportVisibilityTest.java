package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.receipts.chain.ExportedEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which events of a deprovisioned enclave's stream a receipt holder's export shows: the read side's history rule,
 * decided from the stream as the event store holds it (payloads as JSON).
 */
class TentacleExportVisibilityTest {

    private static final EnclaveId ID = EnclaveId.of("growth");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final TentacleName LEDGER = TentacleName.of("ledger");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private final TentacleExportVisibility visibility = new TentacleExportVisibility();

    private static List<ExportedEvent> stream(Object... payloads) {
        List<ExportedEvent> events = new ArrayList<>();
        for (Object payload : payloads) {
            JsonNode json = EnclaveJson.mapper().valueToTree(payload);
            events.add(new ExportedEvent(ID.value(), payload.getClass().getSimpleName(), events.size(), T0, json,
                    null, "id-" + events.size()));
        }
        return events;
    }

    private static List<Object> enclaveWithAPrivateLedger(Object... more) {
        List<Object> events = new ArrayList<>(List.of(
                new EnclaveProvisioningStarted(ID, new ChannelRef(ChannelId.of("C0GROWTH"), "growth"), ALICE, QuotaPreset.SMALL,
                        Mode.MEMBER_EDIT, "enclave-growth", T0),
                new MemberRegistered(ID, BOB, T0),
                new MemberRegistered(ID, CAROL, T0),
                new TentacleDeployed(ID, LEDGER, ContainerImage.of("ghcr.io/acme/ledger:3.0"), null, Mode.PRIVATE,
                        CAROL, List.of(), T0),
                new TentacleDeployed(ID, REPORT, ContainerImage.of("ghcr.io/acme/report:1.0"), null, Mode.MEMBER_EDIT,
                        BOB, List.of(), T0)));
        events.addAll(Arrays.asList(more));
        events.add(new EnclaveDeprovisioned(ID, ALICE, List.of("Namespace/enclave-growth"), T0));
        return events;
    }

    private static List<String> seen(TentacleExportVisibility visibility, UserId holder, List<Object> payloads) {
        List<ExportedEvent> events = stream(payloads.toArray());
        Predicate<ExportedEvent> visible = visibility.visibleTo(holder, events);
        return events.stream().filter(visible).map(e -> e.type() + ":" + e.payload().path("tentacle").asText())
                .toList();
    }

    @Test
    void aMemberSeesNothingOfATentacleWhoseModeHidesIt() {
        assertThat(seen(visibility, BOB, enclaveWithAPrivateLedger()))
                .doesNotContain("TentacleDeployed:ledger")
                .contains("TentacleDeployed:report", "EnclaveProvisioningStarted:", "EnclaveDeprovisioned:");
    }

    @Test
    void theEnclavesOwnerAndTheTentaclesOwnerSeeEverything() {
        assertThat(seen(visibility, ALICE, enclaveWithAPrivateLedger())).hasSize(6);
        assertThat(seen(visibility, CAROL, enclaveWithAPrivateLedger())).hasSize(6);
    }

    @Test
    void aGrantNamingAHiddenTentacleIsHiddenToo() {
        List<Object> events = enclaveWithAPrivateLedger(
                new SchemaAccessGranted(ID, REPORT, LEDGER, SchemaAccess.READ, T0));

        assertThat(seen(visibility, BOB, events)).doesNotContain("SchemaAccessGranted:report").hasSize(5);
    }

    @Test
    void theModeAndOwnerATentacleHadLastDecide() {
        assertThat(seen(visibility, BOB, enclaveWithAPrivateLedger(
                new TentacleModeChanged(ID, LEDGER, Mode.PRIVATE, Mode.MEMBER_READ, T0))))
                .contains("TentacleDeployed:ledger", "TentacleModeChanged:ledger");
        assertThat(seen(visibility, BOB, enclaveWithAPrivateLedger(
                new TentacleOwnershipTransferred(ID, LEDGER, CAROL, BOB, OwnershipTransferReason.CHOWN, T0))))
                .contains("TentacleDeployed:ledger");
    }

    /** What deprovisioning removed names workloads after their tentacles: the ending is held back from Bob. */
    @Test
    void anEndingThatNamesAHiddenTentaclesWorkloadIsHiddenToo() {
        List<Object> events = enclaveWithAPrivateLedger();
        events.set(events.size() - 1, new EnclaveDeprovisioned(ID, ALICE,
                List.of("Deployment/report", "Job/ledger-run-2", "Namespace/enclave-growth"), T0));

        assertThat(seen(visibility, BOB, events)).doesNotContain("EnclaveDeprovisioned:").hasSize(4);
        assertThat(seen(visibility, CAROL, events)).contains("EnclaveDeprovisioned:");
        assertThat(TentacleExportVisibility.namesAny("Deployment/ledger", java.util.Set.of("ledger"))).isTrue();
        assertThat(TentacleExportVisibility.namesAny("CronJob/ledgers", java.util.Set.of("ledger"))).isFalse();
    }

    @Test
    void aHolderTheEnclavesModeDoesNotLetViewItSeesNoneOfIt() {
        assertThat(seen(visibility, BOB, enclaveWithAPrivateLedger(
                new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.PRIVATE, T0)))).isEmpty();
    }
}
