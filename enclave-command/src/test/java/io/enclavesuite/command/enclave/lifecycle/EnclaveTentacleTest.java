package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.command.enclave.membership.MembershipConflict;
import io.enclavesuite.command.enclave.tentacle.TentacleConflict;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.tentacle.ChownTentacle;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.FailTentacleWorkload;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.SetTentacleMode;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.api.tentacle.TentacleWorkloadFailed;
import io.enclavesuite.api.tentacle.UpdateTentacle;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;

/** Deploying, changing, running and handing over tentacles. Access itself is pinned by the matrix test. */
class EnclaveTentacleTest {

    private static final ContainerImage NEXT = ContainerImage.of("ghcr.io/acme/report:1.1.0");

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aMemberDeploysAndOwnsATentacleWithTheEnclaveModeByDefault() {
        fixture.given(activeWithMembers())
               .when(new DeployTentacle(ID, REPORT, IMAGE, NIGHTLY, null,
                       List.of(Dependency.POSTGRES, Dependency.POSTGRES)), by(DAVE))
               .expectEvents(deployedCron(DAVE, Mode.MEMBER_EDIT, 0, 1));
    }

    @Test
    void aTentacleMayNameItsOwnMode() {
        fixture.given(activeWithMembers())
               .when(new DeployTentacle(ID, API, ContainerImage.of("ghcr.io/acme/api:2.1"), null, Mode.PRIVATE, null),
                       by(DAVE))
               .expectEvents(deployedService(DAVE, Mode.PRIVATE, 0, 1));
    }

    @Test
    void dependenciesAreRecordedSortedWhateverTheOrderSent() {
        fixture.given(activeWithMembers())
               .when(new DeployTentacle(ID, API, IMAGE, null, null,
                       List.of(Dependency.IDENTITY, Dependency.POSTGRES, Dependency.MESSAGING)), by(DAVE))
               .expectEvents(new TentacleDeployed(ID, API, IMAGE, null, Mode.MEMBER_EDIT, DAVE,
                       List.of(Dependency.POSTGRES, Dependency.MESSAGING, Dependency.IDENTITY), T0, 0, 1));
    }

    @Test
    void aNameIsDeployedOnlyOnce() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new DeployTentacle(ID, REPORT, IMAGE, null, null, null), by(BOB))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("enclave 'growth' already has a tentacle 'report': update it, or remove it first")
               .expectNoEvents();
    }

    @Test
    void deployingBeforeTheNamespaceExistsIsRefused() {
        fixture.given(started())
               .when(new DeployTentacle(ID, REPORT, IMAGE, null, null, null), by(ALICE))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' is still being provisioned: cannot deploy tentacles yet");
    }

    @Test
    void theTentacleLimitHolds() {
        EnclaveFixtures.fixture(new EnclaveLimits(null, 1, Duration.ofMinutes(5), null))
                .given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(DAVE))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("enclave 'growth' has reached its limit of 1 tentacles");
    }

    @Test
    void anUpdateCarriesTheWholeSpecAfterIt() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new UpdateTentacle(ID, REPORT, NEXT, null, null), by(BOB))
               .expectEvents(new TentacleUpdated(ID, REPORT, NEXT, NIGHTLY, List.of(Dependency.POSTGRES), T0));
    }

    @Test
    void anUpdateMayChangeTheSchedule() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new UpdateTentacle(ID, REPORT, null, CronSchedule.of("@hourly"), List.of()), by(DAVE))
               .expectEvents(new TentacleUpdated(ID, REPORT, IMAGE, CronSchedule.of("@hourly"), List.of(), T0));
    }

    @Test
    void aContinuousTentacleCannotBeScheduledByAnUpdate() {
        fixture.given(with(activeWithMembers(), deployedService(DAVE, Mode.MEMBER_EDIT)))
               .when(new UpdateTentacle(ID, API, null, NIGHTLY, null), by(DAVE))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("tentacle 'api' runs continuously; to schedule it, remove it and deploy it "
                       + "again with a schedule");
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new UpdateTentacle(ID, REPORT, IMAGE, NIGHTLY, null), by(DAVE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void anUnknownTentacleIsNamedInTheRefusal() {
        fixture.given(activeWithMembers())
               .when(new RemoveTentacle(ID, TentacleName.of("ghost")), by(ALICE))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("enclave 'growth' has no tentacle 'ghost'");
    }

    @Test
    void removingATentacleRecordsIt() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new RemoveTentacle(ID, REPORT), by(DAVE))
               .expectEvents(new TentacleRemoved(ID, REPORT, T0, 0, DAVE));
    }

    @Test
    void aRemovedNameMayBeDeployedAgain() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT), new TentacleRemoved(ID, REPORT, T0)))
               .when(new DeployTentacle(ID, REPORT, IMAGE, NIGHTLY, null, List.of(Dependency.POSTGRES)), by(DAVE))
               .expectEvents(deployedCron(DAVE, Mode.MEMBER_EDIT, 0, 2)); // its data back (EnclaveTentacleDataTest)
    }

    @Test
    void runsOfAScheduledTentacleAreNumberedFromOne() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new RunTentacle(ID, REPORT), by(BOB))
               .expectEvents(new TentacleRunRequested(ID, REPORT, 1, T0));
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT),
                        new TentacleRunRequested(ID, REPORT, 1, T0), new TentacleRunRequested(ID, REPORT, 2, T0)))
               .when(new RunTentacle(ID, REPORT), by(BOB))
               .expectEvents(new TentacleRunRequested(ID, REPORT, 3, T0));
    }

    @Test
    void aContinuousTentacleCannotBeRunOnDemand() {
        fixture.given(with(activeWithMembers(), deployedService(DAVE, Mode.MEMBER_EDIT)))
               .when(new RunTentacle(ID, API), by(DAVE))
               .expectException(TentacleConflict.class)
               .expectExceptionMessage("tentacle 'api' runs continuously; only a scheduled tentacle can be run on demand");
    }

    @Test
    void theDeployerChangesTheTentacleMode() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new SetTentacleMode(ID, REPORT, Mode.PRIVATE), by(DAVE))
               .expectEvents(new TentacleModeChanged(ID, REPORT, Mode.MEMBER_EDIT, Mode.PRIVATE, T0));
    }

    @Test
    void anotherMemberCannotChangeTheTentacleMode() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new SetTentacleMode(ID, REPORT, Mode.OPEN_RUN), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of tentacle 'report' (U0DAVE) or of enclave 'growth' (U0ALICE) "
                       + "may change its mode")
               .expectNoEvents();
    }

    @Test
    void theDeployerGivesTheTentacleToAnotherMember() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new ChownTentacle(ID, REPORT, BOB), by(DAVE))
               .expectEvents(new TentacleOwnershipTransferred(ID, REPORT, DAVE, BOB, OwnershipTransferReason.CHOWN, T0));
    }

    @Test
    void aTentacleGoesOnlyToAMemberOrTheOwner() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new ChownTentacle(ID, REPORT, EVE), by(ALICE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("U0EVE is not a member of enclave 'growth': a tentacle passes only to a member "
                       + "or the enclave owner");
    }

    @Test
    void theEnclaveOwnerIsSuperuserOverAPrivateTentacleInAPrivateEnclave() {
        var locked = with(activeWithMembers(), deployedCron(DAVE, Mode.PRIVATE),
                new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.PRIVATE, T0));
        fixture.given(locked).when(new UpdateTentacle(ID, REPORT, NEXT, null, null), by(ALICE))
               .expectSuccessfulHandlerExecution();
        fixture.given(locked).when(new RunTentacle(ID, REPORT), by(ALICE))
               .expectEvents(new TentacleRunRequested(ID, REPORT, 1, T0));
        fixture.given(locked).when(new ChownTentacle(ID, REPORT, ALICE), by(ALICE))
               .expectEvents(new TentacleOwnershipTransferred(ID, REPORT, DAVE, ALICE, OwnershipTransferReason.CHOWN, T0));
    }

    @Test
    void aWorkloadKubernetesKeptRefusingIsRecorded() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new FailTentacleWorkload(ID, REPORT, "quota exceeded"))
               .expectEvents(new TentacleWorkloadFailed(ID, REPORT, "quota exceeded", T0));
    }

    @Test
    void aWorkloadFailureOfATentacleRemovedMeanwhileIsNotRecorded() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT), new TentacleRemoved(ID, REPORT, T0)))
               .when(new FailTentacleWorkload(ID, REPORT, "quota exceeded"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void settingTheSameTentacleModeOrOwnerChangesNothing() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new SetTentacleMode(ID, REPORT, Mode.MEMBER_EDIT), by(DAVE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT)))
               .when(new ChownTentacle(ID, REPORT, DAVE), by(DAVE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aServicePrincipalIsOtherAndIsToldSo() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.OPEN_RUN)))
               .when(new RemoveTentacle(ID, REPORT), by("svc-cleanup"))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("this caller may not remove tentacle 'report' of enclave 'growth': enclave "
                       + "layer, mode rwxrwx--- gives others no 'w'");
    }

    @Test
    void aDenialNamesTheMissingBitAndTheLayer() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.PRIVATE)))
               .when(new RunTentacle(ID, REPORT), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("U0BOB may not run tentacle 'report' of enclave 'growth': tentacle layer, "
                       + "mode rwx------ gives members no 'x'")
               .expectNoEvents();
        fixture.given(with(activeWithMembers(), new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.MEMBER_READ, T0)))
               .when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("U0BOB may not deploy tentacles in enclave 'growth': enclave layer, "
                       + "mode rwxr-x--- gives members no 'w'");
    }
}
