package io.enclavesuite.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.api.tentacle.SchemaAccess;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events are stored forever and hashed into receipts: each team-enclave event's JSON is pinned here, carries a
 * revision, and reads back equal. A renamed field or a changed value type fails first here.
 */
class EventShapesTest {

    private static final ObjectMapper json = EnclaveJson.mapper();
    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final TentacleName REPORT = TentacleName.of("report");
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    private static final String E = "\"enclaveId\":\"growth\",";
    private static final String AT = "\"at\":\"2026-11-22T10:00:00Z\"";

    static List<Object[]> shapes() {
        return List.of(
                new Object[]{new ChannelRenamed(GROWTH, ChannelId.of("C0GROWTH"), "growth", "growth-team", T),
                        "{" + E + "\"channelId\":\"C0GROWTH\",\"previousName\":\"growth\",\"name\":\"growth-team\"," + AT + "}"},
                new Object[]{new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T),
                        "{" + E + "\"reason\":\"channel-archived\"," + AT + "}"},
                new Object[]{new EnclaveUnfrozen(GROWTH, FreezeReason.OWNER_REQUEST, T),
                        "{" + E + "\"reason\":\"owner-request\"," + AT + "}"},
                new Object[]{new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED,
                        List.of(FreezeReason.OWNER_REQUEST), T),
                        "{" + E + "\"reason\":\"channel-archived\",\"stillFrozenFor\":[\"owner-request\"]," + AT + "}"},
                new Object[]{new MemberRegistered(GROWTH, BOB, T), "{" + E + "\"member\":\"U0BOB\"," + AT + "}"},
                new Object[]{new MemberRemoved(GROWTH, BOB, T), "{" + E + "\"member\":\"U0BOB\"," + AT + "}"},
                new Object[]{new MemberRemoved(GROWTH, BOB, T, MemberRemovalReason.NOT_IN_CHANNEL),
                        "{" + E + "\"member\":\"U0BOB\"," + AT + ",\"reason\":\"not-in-channel\"}"},
                new Object[]{new EnclaveOwnershipTransferred(GROWTH, ALICE, BOB, T),
                        "{" + E + "\"previousOwner\":\"U0ALICE\",\"newOwner\":\"U0BOB\"," + AT + "}"},
                new Object[]{new EnclaveModeChanged(GROWTH, Mode.MEMBER_EDIT, Mode.OPEN_READ, T),
                        "{" + E + "\"previousMode\":\"rwxrwx---\",\"mode\":\"rwxrwxr--\"," + AT + "}"},
                new Object[]{new DeprovisionRequested(GROWTH, ALICE, "ab12", T.plusSeconds(300), T),
                        "{" + E + "\"requestedBy\":\"U0ALICE\",\"codeHash\":\"ab12\","
                                + "\"expiresAt\":\"2026-11-22T10:05:00Z\"," + AT + "}"},
                new Object[]{new EnclaveDeprovisioningStarted(GROWTH, ALICE, "enclave-growth", T),
                        "{" + E + "\"confirmedBy\":\"U0ALICE\",\"namespace\":\"enclave-growth\"," + AT + "}"},
                new Object[]{new EnclaveDeprovisioned(GROWTH, ALICE, List.of("Deployment/api", "Namespace/enclave-growth"), T),
                        "{" + E + "\"confirmedBy\":\"U0ALICE\",\"removed\":[\"Deployment/api\",\"Namespace/enclave-growth\"],"
                                + AT + "}"},
                new Object[]{new TentacleDeployed(GROWTH, REPORT, ContainerImage.of("ghcr.io/acme/report:1.0.0"),
                        CronSchedule.of("0 2 * * *"), Mode.PRIVATE, BOB, List.of(Dependency.POSTGRES, Dependency.OBJECT_STORAGE), T),
                        "{" + E + "\"tentacle\":\"report\",\"image\":\"ghcr.io/acme/report:1.0.0\",\"schedule\":\"0 2 * * *\","
                                + "\"mode\":\"rwx------\",\"owner\":\"U0BOB\",\"dependencies\":[\"postgres\",\"object-storage\"],"
                                + AT + "}"},
                new Object[]{new TentacleDeployed(GROWTH, REPORT, ContainerImage.of("ghcr.io/acme/report:1.0.0"),
                        null, Mode.PRIVATE, BOB, List.of(Dependency.POSTGRES), T, 4, 7),
                        "{" + E + "\"tentacle\":\"report\",\"image\":\"ghcr.io/acme/report:1.0.0\",\"schedule\":null,"
                                + "\"mode\":\"rwx------\",\"owner\":\"U0BOB\",\"dependencies\":[\"postgres\"],"
                                + AT + ",\"dataGeneration\":4,\"deployment\":7}"},
                new Object[]{new TentacleRemoved(GROWTH, REPORT, T, 4, BOB),
                        "{" + E + "\"tentacle\":\"report\"," + AT + ",\"dataGeneration\":4,\"keeper\":\"U0BOB\"}"},
                new Object[]{new SchemaAccessGranted(GROWTH, REPORT, TentacleName.of("api"), SchemaAccess.WRITE, T, 3),
                        "{" + E + "\"tentacle\":\"report\",\"grantee\":\"api\",\"access\":\"write\"," + AT
                                + ",\"granteeGeneration\":3}"},
                new Object[]{new TentacleUpdated(GROWTH, REPORT, ContainerImage.of("ghcr.io/acme/report:1.1.0"), null, List.of(), T),
                        "{" + E + "\"tentacle\":\"report\",\"image\":\"ghcr.io/acme/report:1.1.0\",\"schedule\":null,"
                                + "\"dependencies\":[]," + AT + "}"},
                new Object[]{new TentacleRemoved(GROWTH, REPORT, T), "{" + E + "\"tentacle\":\"report\"," + AT + "}"},
                new Object[]{new TentacleRunRequested(GROWTH, REPORT, 3, T),
                        "{" + E + "\"tentacle\":\"report\",\"run\":3," + AT + "}"},
                new Object[]{new TentacleModeChanged(GROWTH, REPORT, Mode.MEMBER_EDIT, Mode.PRIVATE, T),
                        "{" + E + "\"tentacle\":\"report\",\"previousMode\":\"rwxrwx---\",\"mode\":\"rwx------\"," + AT + "}"},
                new Object[]{new TentacleOwnershipTransferred(GROWTH, REPORT, BOB, ALICE, OwnershipTransferReason.MEMBER_LEFT, T),
                        "{" + E + "\"tentacle\":\"report\",\"previousOwner\":\"U0BOB\",\"newOwner\":\"U0ALICE\","
                                + "\"reason\":\"member-left\"," + AT + "}"},
                new Object[]{new TentacleWorkloadFailed(GROWTH, REPORT, "quota exceeded", T),
                        "{" + E + "\"tentacle\":\"report\",\"reason\":\"quota exceeded\"," + AT + "}"},
                new Object[]{new SchemaAccessGranted(GROWTH, REPORT, TentacleName.of("api"), SchemaAccess.READ, T),
                        "{" + E + "\"tentacle\":\"report\",\"grantee\":\"api\",\"access\":\"read\"," + AT + "}"},
                new Object[]{new SchemaAccessRevoked(GROWTH, REPORT, TentacleName.of("api"), T),
                        "{" + E + "\"tentacle\":\"report\",\"grantee\":\"api\"," + AT + "}"},
                new Object[]{new SharedServiceReady(GROWTH, Dependency.OBJECT_STORAGE, "bucket enclave-growth", T),
                        "{" + E + "\"service\":\"object-storage\",\"detail\":\"bucket enclave-growth\"," + AT + "}"},
                new Object[]{new SharedServiceFailed(GROWTH, Dependency.MESSAGING, "no Stream resource", T),
                        "{" + E + "\"service\":\"messaging\",\"reason\":\"no Stream resource\"," + AT + "}"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void eachEventHasAStableShapeARevisionAndReadsBackEqual(Object event, String expected) throws Exception {
        assertThat(event.getClass().getAnnotation(Revision.class)).as("@Revision").isNotNull();
        String text = json.writeValueAsString(event);
        assertThat(text).isEqualTo(expected);
        assertThat(json.readValue(text, event.getClass())).isEqualTo(event);
    }

    @Test
    void aResultWithoutDetailsLeavesThemOut() throws Exception {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(json.writeValueAsString(CommandResult.accepted(id, "growth", T)))
                .isEqualTo("{\"commandId\":\"00000000-0000-0000-0000-000000000001\",\"status\":\"ACCEPTED\","
                        + "\"reason\":null,\"aggregateId\":\"growth\",\"at\":\"2026-11-22T10:00:00Z\"}");
        var withCode = new CommandResult(id, CommandResult.Status.ACCEPTED, null, "growth", T,
                Map.of("confirmationCode", "7K3M-Q9XT"));
        assertThat(json.readValue(json.writeValueAsString(withCode), CommandResult.class)).isEqualTo(withCode);
    }
}
