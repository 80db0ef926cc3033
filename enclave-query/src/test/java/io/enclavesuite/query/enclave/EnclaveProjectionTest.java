package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.service.SharedServiceFailed;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.query.ReadModelDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The enclave projection against real PostgreSQL with the service's own migrations: every enclave event, and
 * replays and redeliveries (an event whose sequence number the enclave has already passed) that change nothing.
 */
class EnclaveProjectionTest {

    private static final EnclaveId GROWTH = EnclaveId.of("growth");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T10:00:02Z");
    private static final Instant T2 = Instant.parse("2026-11-22T11:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-22T12:00:00Z");

    private EnclaveProjection projection;
    private EnclaveViews views;
    private JdbcTemplate jdbc;

    @BeforeEach
    void freshReadModel() {
        jdbc = ReadModelDatabase.fresh();
        projection = new EnclaveProjection(jdbc, new EnclaveChanges(jdbc));
        views = new EnclaveViews(jdbc);
    }

    private static EnclaveProvisioningStarted started(Instant at) {
        return new EnclaveProvisioningStarted(GROWTH, new ChannelRef(ChannelId.of("C0GROWTH"), "growth"),
                ALICE, QuotaPreset.SMALL, Mode.MEMBER_READ, "enclave-growth", at);
    }

    /** Sequences 0 and 1. */
    private void active() {
        projection.on(started(T0), 0);
        projection.on(new EnclaveActivated(GROWTH, "enclave-growth", T1), 1);
    }

    private EnclaveView growth() {
        return views.find("growth").orElseThrow();
    }

    @Test
    void provisioningThenActivationShowsAnActiveEnclave() {
        active();

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.ACTIVE);
        assertThat(view.owner()).isEqualTo("U0ALICE");
        assertThat(view.channel()).isEqualTo(new EnclaveView.Channel("C0GROWTH", "growth"));
        assertThat(view.mode()).isEqualTo("rwxr-x---");
        assertThat(view.quota()).isEqualTo("small");
        assertThat(view.namespace()).isEqualTo("enclave-growth");
        assertThat(view.members()).isEmpty();
        assertThat(view.tentacleCount()).isZero();
        assertThat(view.createdAt()).isEqualTo(T0);
        assertThat(view.activatedAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T1);
    }

    @Test
    void aRedeliveredOlderEventChangesNothing() {
        active();

        projection.on(started(T0), 0); // Kafka redelivery after a rebalance, or a replay without reset

        assertThat(growth().status()).isEqualTo(EnclaveStatus.ACTIVE);
    }

    @Test
    void aFailureIsShownWithItsReasonAndANewProvisioningStartsOverWithoutMembers() {
        projection.on(started(T0), 0);
        projection.on(new MemberRegistered(GROWTH, BOB, T0), 1);
        projection.on(new EnclaveProvisioningFailed(GROWTH, "namespace refused", T1), 2);
        assertThat(growth().failureReason()).isEqualTo("namespace refused");

        projection.on(started(T2), 3);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.PROVISIONING);
        assertThat(view.failureReason()).isNull();
        assertThat(view.members()).isEmpty();
    }

    @Test
    void aRenamedChannelChangesOnlyTheDisplayName() {
        active();

        projection.on(new ChannelRenamed(GROWTH, ChannelId.of("C0GROWTH"), "growth", "growth-team", T2), 2);

        EnclaveView view = growth();
        assertThat(view.name()).isEqualTo("growth");
        assertThat(view.channel()).isEqualTo(new EnclaveView.Channel("C0GROWTH", "growth-team"));
        assertThat(view.updatedAt()).isEqualTo(T2);
    }

    @Test
    void aFrozenEnclaveShowsWhyAndSince() {
        active();

        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T2), 2);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.FROZEN);
        assertThat(view.frozenFor()).containsExactly("channel-archived");
        assertThat(view.frozenAt()).isEqualTo(T2);
    }

    @Test
    void aSecondFreezeJoinsTheFirstAndTheEnclaveStaysFrozenSinceTheFirst() {
        active();
        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T2), 2);

        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T3), 3);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.FROZEN);
        assertThat(view.frozenFor()).containsExactly("channel-archived", "owner-request");
        // the one reason clients read before: the archive's, which only the channel lifts
        assertThat(io.enclavesuite.api.EnclaveJson.mapper().valueToTree(view).path("frozenReason").asText())
                .isEqualTo("channel-archived");
        assertThat(view.frozenAt()).isEqualTo(T2);
    }

    @Test
    void aFreezeLiftedWhileAnotherStandsLeavesTheEnclaveFrozenForThatOne() {
        active();
        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T2), 2);
        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T2), 3);

        projection.on(new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED,
                List.of(FreezeReason.OWNER_REQUEST), T3), 4);
        projection.on(new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED,
                List.of(FreezeReason.OWNER_REQUEST), T3), 4); // redelivered

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.FROZEN);
        assertThat(view.frozenFor()).containsExactly("owner-request");
        assertThat(io.enclavesuite.api.EnclaveJson.mapper().valueToTree(view).path("frozenReason").asText())
                .isEqualTo("owner-request");
        assertThat(view.frozenAt()).isEqualTo(T2);
        assertThat(view.updatedAt()).isEqualTo(T3);
    }

    /** A row projected before freezes were kept apart holds only the latest reason; the event names all. */
    @Test
    void aLiftedFreezeSetsTheStandingFreezesFromTheEvent() {
        active();
        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.CHANNEL_ARCHIVED, T2), 2);

        projection.on(new FreezeReasonLifted(GROWTH, FreezeReason.CHANNEL_ARCHIVED,
                List.of(FreezeReason.OWNER_REQUEST), T3), 3);

        assertThat(growth().frozenFor()).containsExactly("owner-request");
    }

    @Test
    void anUnfrozenEnclaveIsActiveWithoutAFreezeReason() {
        active();
        projection.on(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T2), 2);

        projection.on(new EnclaveUnfrozen(GROWTH, FreezeReason.OWNER_REQUEST, T3), 3);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.ACTIVE);
        assertThat(view.frozenFor()).isEmpty();
        assertThat(view.frozenAt()).isNull();
    }

    @Test
    void registeredMembersAreListedSorted() {
        active();

        projection.on(new MemberRegistered(GROWTH, CAROL, T2), 2);
        projection.on(new MemberRegistered(GROWTH, BOB, T2), 3);

        assertThat(growth().members()).containsExactly("U0BOB", "U0CAROL");
    }

    @Test
    void aRemovedMemberIsNoLongerListed() {
        active();
        projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);

        projection.on(new MemberRemoved(GROWTH, BOB, T3), 3);

        assertThat(growth().members()).isEmpty();
    }

    @Test
    void aRedeliveredRegistrationDoesNotBringARemovedMemberBack() {
        active();
        projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);
        projection.on(new MemberRemoved(GROWTH, BOB, T3), 3);

        projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);

        assertThat(growth().members()).isEmpty();
        assertThat(growth().updatedAt()).isEqualTo(T3);
    }

    @Test
    void anOwnershipTransferMakesThePreviousOwnerAMember() {
        active();
        projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);

        projection.on(new EnclaveOwnershipTransferred(GROWTH, ALICE, BOB, T3), 3);

        EnclaveView view = growth();
        assertThat(view.owner()).isEqualTo("U0BOB");
        assertThat(view.members()).containsExactly("U0ALICE");
    }

    @Test
    void aModeChangeReplacesTheEnclaveMode() {
        active();

        projection.on(new EnclaveModeChanged(GROWTH, Mode.MEMBER_READ, Mode.PRIVATE, T2), 2);

        assertThat(growth().mode()).isEqualTo("rwx------");
    }

    @Test
    void aDeprovisionRequestShowsWhoAskedButNotTheCodeHash() {
        active();
        String codeHash = "4f1c0a7e9b2d8c3f5a6e7d8c9b0a1f2e3d4c5b6a7988776655443322110ffeed";

        projection.on(new DeprovisionRequested(GROWTH, ALICE, codeHash, T3, T2), 2);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.ACTIVE);
        assertThat(view.deprovisionRequestedBy()).isEqualTo("U0ALICE");
        assertThat(view.deprovisionRequestedAt()).isEqualTo(T2);
        assertThat(view.deprovisionRequestExpiresAt()).isEqualTo(T3);
        assertThat(jdbc.queryForList("select row_to_json(e)::text from enclave e", String.class))
                .singleElement().asString().doesNotContain(codeHash);
    }

    @Test
    void deprovisioningShowsWhoConfirmedIt() {
        active();

        projection.on(new EnclaveDeprovisioningStarted(GROWTH, ALICE, "enclave-growth", T2), 2);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.DEPROVISIONING);
        assertThat(view.deprovisionConfirmedBy()).isEqualTo("U0ALICE");
        assertThat(view.deprovisioningStartedAt()).isEqualTo(T2);
    }

    @Test
    void aDeprovisionedEnclaveStaysListedWithoutMembers() {
        active();
        projection.on(new MemberRegistered(GROWTH, BOB, T1), 2);
        projection.on(new EnclaveDeprovisioningStarted(GROWTH, ALICE, "enclave-growth", T2), 3);

        projection.on(new EnclaveDeprovisioned(GROWTH, ALICE, List.of("namespace enclave-growth"), T3), 4);

        EnclaveView view = growth();
        assertThat(view.status()).isEqualTo(EnclaveStatus.DEPROVISIONED);
        assertThat(view.deprovisionedAt()).isEqualTo(T3);
        assertThat(view.members()).isEmpty();
    }

    @Test
    void eachSharedServiceShowsItsStateWithTheReason() {
        projection.on(started(T0), 0);
        assertThat(growth().services()).containsEntry("postgres", new SharedServiceView("pending", null, null))
                .containsEntry("object-storage", new SharedServiceView("pending", null, null))
                .containsEntry("messaging", new SharedServiceView("not requested", null, null))
                .containsEntry("identity", new SharedServiceView("not requested", null, null));

        projection.on(new EnclaveActivated(GROWTH, "enclave-growth", T1), 1);
        projection.on(new SharedServiceReady(GROWTH, Dependency.OBJECT_STORAGE, "bucket enclave-growth", T2), 2);
        projection.on(new SharedServiceFailed(GROWTH, Dependency.IDENTITY,
                "the cluster has no ClusterSPIFFEID resource", T3), 3);

        assertThat(growth().services()).containsExactly(
                java.util.Map.entry("postgres", new SharedServiceView("available", "database enclave-growth", T1)),
                java.util.Map.entry("object-storage", new SharedServiceView("available", "bucket enclave-growth", T2)),
                java.util.Map.entry("messaging", new SharedServiceView("not requested", null, null)),
                java.util.Map.entry("identity", new SharedServiceView("failed",
                        "the cluster has no ClusterSPIFFEID resource", T3)));
    }

    @Test
    void aServiceRecoversAndAllAreRemovedWithTheEnclave() {
        active();
        projection.on(new SharedServiceFailed(GROWTH, Dependency.OBJECT_STORAGE, "store unreachable", T1), 2);
        projection.on(new SharedServiceReady(GROWTH, Dependency.OBJECT_STORAGE, "set up for tentacle 'report'", T2), 3);
        projection.on(new SharedServiceFailed(GROWTH, Dependency.OBJECT_STORAGE, "late", T1), 3); // redelivered: ignored
        assertThat(growth().services().get("object-storage"))
                .isEqualTo(new SharedServiceView("available", "set up for tentacle 'report'", T2));

        projection.on(new EnclaveDeprovisioningStarted(GROWTH, ALICE, "enclave-growth", T2), 4);
        projection.on(new EnclaveDeprovisioned(GROWTH, ALICE, List.of("Bucket/enclave-growth"), T3), 5);

        assertThat(growth().services().values()).extracting(SharedServiceView::state).containsOnly("removed");
    }

    @Test
    void aFailedProvisioningShowsTheDatabaseFailedAndStartingAgainForgetsTheServices() {
        projection.on(started(T0), 0);
        projection.on(new EnclaveProvisioningFailed(GROWTH, "creating database enclave-growth failed", T1), 1);
        assertThat(growth().services().get("postgres"))
                .isEqualTo(new SharedServiceView("failed", "creating database enclave-growth failed", null));
        assertThat(growth().services().get("object-storage").state()).isEqualTo("not requested");

        projection.on(started(T2), 2);
        projection.on(new EnclaveActivated(GROWTH, "enclave-growth", T2), 3);
        projection.on(new SharedServiceReady(GROWTH, Dependency.MESSAGING, "set up for tentacle 'report'", T3), 4);
        projection.on(started(T3), 5); // only after a failure in practice; here to show the reset
        assertThat(growth().services().get("messaging").state()).isEqualTo("not requested");
    }

    @Test
    void aResetEmptiesTheReadModelForAReplay() {
        active();
        projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);

        projection.reset();

        assertThat(views.find("growth")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from enclave", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from enclave_member", Long.class)).isZero();
    }

    @Test
    void aReplayAfterTheResetRebuildsTheSameEnclave() {
        Runnable history = () -> {
            active();
            projection.on(new MemberRegistered(GROWTH, BOB, T2), 2);
            projection.on(new MemberRegistered(GROWTH, CAROL, T2), 3);
            projection.on(new MemberRemoved(GROWTH, CAROL, T3), 4);
            projection.on(new EnclaveFrozen(GROWTH, FreezeReason.OWNER_REQUEST, T3), 5);
        };
        history.run();
        EnclaveView before = growth();

        projection.reset();
        history.run();

        assertThat(growth()).isEqualTo(before);
    }
}
