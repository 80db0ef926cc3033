package io.enclavesuite.api.manifest;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestFilesTest {

    private static final EnclaveId ID = EnclaveId.of("growth");
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final TentacleName ETL = TentacleName.of("etl");

    private static EnclaveManifestFold fold(Object... events) {
        EnclaveManifestFold fold = new EnclaveManifestFold(ID.value());
        for (Object event : events) {
            fold.apply(event.getClass().getSimpleName(), EnclaveJson.mapper().valueToTree(event));
        }
        return fold;
    }

    private static Object[] history() {
        return new Object[]{
                new EnclaveProvisioningStarted(ID, new ChannelRef(new ChannelId("C0GROWTH"), "growth"),
                        UserId.of("U0OWNER"), QuotaPreset.MEDIUM, Mode.DEFAULT, "enclave-growth", T),
                new EnclaveActivated(ID, "enclave-growth", T),
                new MemberRegistered(ID, UserId.of("U0ZED"), T),
                new MemberRegistered(ID, UserId.of("U0ANN"), T),
                new TentacleDeployed(ID, REPORT, ContainerImage.of("ghcr.io/acme/report:1.0"), CronSchedule.of("*/5 * * * *"),
                        Mode.DEFAULT, UserId.of("U0ANN"), List.of(Dependency.POSTGRES), T),
                new TentacleDeployed(ID, ETL, ContainerImage.of("ghcr.io/acme/etl:2.0"), null, Mode.PRIVATE,
                        UserId.of("U0OWNER"), List.of(), T),
                new TentacleUpdated(ID, REPORT, ContainerImage.of("ghcr.io/acme/report:1.1"), CronSchedule.of("@daily"),
                        List.of(Dependency.OBJECT_STORAGE, Dependency.POSTGRES), T),
                new SchemaAccessGranted(ID, REPORT, ETL, SchemaAccess.READ, T),
                new SharedServiceReady(ID, Dependency.OBJECT_STORAGE, "bucket enclave-growth", T),
                new ChannelRenamed(ID, new ChannelId("C0GROWTH"), "growth", "growth-team", T),
                new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T),
                new DeprovisionRequested(ID, UserId.of("U0OWNER"), "hash-of-the-code-never-shown", T, T)};
    }

    @Test
    void anEnclaveIsRenderedAsItsFileAndOneFilePerTentacle() {
        SortedMap<String, String> files = ManifestFiles.render(fold(history()).manifest().orElseThrow());

        assertThat(files).containsOnlyKeys("enclaves/growth/enclave.yaml", "enclaves/growth/tentacles/etl.yaml",
                "enclaves/growth/tentacles/report.yaml");
        assertThat(files.get("enclaves/growth/enclave.yaml")).isEqualTo(ManifestFiles.HEADER + """
                name: "growth"
                status: "FROZEN"
                owner: "U0OWNER"
                channel:
                  id: "C0GROWTH"
                  name: "growth-team"
                mode: "rwxrwx---"
                quota: "medium"
                frozenFor:
                - "channel-archived"
                members:
                - "U0ANN"
                - "U0ZED"
                sharedServices:
                  object-storage: "ready"
                tentacles:
                - "etl"
                - "report"
                """);
        assertThat(files.get("enclaves/growth/tentacles/report.yaml")).isEqualTo(ManifestFiles.HEADER + """
                name: "report"
                enclave: "growth"
                image: "ghcr.io/acme/report:1.1"
                schedule: "@daily"
                mode: "rwxrwx---"
                owner: "U0ANN"
                dependencies:
                - "object-storage"
                - "postgres"
                schemaAccess:
                  etl: "read"
                """);
        assertThat(files.get("enclaves/growth/tentacles/etl.yaml")).contains("schedule: null\n", "dependencies: []\n",
                "schemaAccess: {}\n");
    }

    @Test
    void noConfirmationCodeOrItsHashReachesTheFiles() {
        assertThat(String.join("", ManifestFiles.render(fold(history()).manifest().orElseThrow()).values()))
                .doesNotContain("hash-of-the-code");
    }

    @Test
    void theSameHistoryGivesTheSameBytes() {
        assertThat(ManifestFiles.render(fold(history()).manifest().orElseThrow()))
                .isEqualTo(ManifestFiles.render(fold(history()).manifest().orElseThrow()));
    }

    @Test
    void aDeprovisionedEnclaveKeepsItsFileWithoutTentacles() {
        Object[] events = java.util.stream.Stream.concat(java.util.Arrays.stream(history()),
                java.util.stream.Stream.of(new EnclaveDeprovisioned(ID, UserId.of("U0OWNER"), List.of(), T))).toArray();

        SortedMap<String, String> files = ManifestFiles.render(fold(events).manifest().orElseThrow());

        assertThat(files).containsOnlyKeys("enclaves/growth/enclave.yaml");
        assertThat(files.get("enclaves/growth/enclave.yaml")).contains("status: \"DEPROVISIONED\"", "members: []",
                "tentacles: []");
    }

    @Test
    void beforeItsProvisioningThereIsNoManifest() {
        assertThat(fold().manifest()).isEmpty();
    }
}
