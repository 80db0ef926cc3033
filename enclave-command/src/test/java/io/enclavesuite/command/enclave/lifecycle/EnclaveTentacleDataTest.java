package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;

/**
 * A removed tentacle's schema, role and storage prefix never pass to whoever deploys its name next: the aggregate
 * decides which data generation a deployment uses and records it, with a deployment number the credentials are
 * derived from. Bob's data stays Bob's (and the enclave owner's) through the grace period.
 */
class EnclaveTentacleDataTest {

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    private static DeployTentacle deployReport() {
        return new DeployTentacle(ID, REPORT, IMAGE, NIGHTLY, null, List.of(Dependency.POSTGRES));
    }

    private static TentacleDeployed report(UserId owner, int dataGeneration, int deployment) {
        return new TentacleDeployed(ID, REPORT, IMAGE, NIGHTLY, Mode.MEMBER_EDIT, owner, List.of(Dependency.POSTGRES),
                T0, dataGeneration, deployment);
    }

    /** Bob deployed report (the first deployment, the name's first data) and removed it. */
    private static List<Object> bobsReportRemoved() {
        return with(activeWithMembers(), report(BOB, 0, 1), new TentacleRemoved(ID, REPORT, T0, 0, BOB));
    }

    @Test
    void aNameNeverDeployedGetsTheDataNamedAfterItAndTheFirstDeploymentNumber() {
        fixture.given(activeWithMembers())
               .when(deployReport(), by(BOB))
               .expectEvents(report(BOB, 0, 1));
    }

    @Test
    void aRemovalRecordsTheGenerationItLeavesAndItsOwnerAsKeeper() {
        fixture.given(with(activeWithMembers(), report(BOB, 0, 1)))
               .when(new RemoveTentacle(ID, REPORT), by(BOB))
               .expectEvents(new TentacleRemoved(ID, REPORT, T0, 0, BOB));
    }

    @Test
    void theKeeperIsTheOwnerAtRemovalNotTheDeployer() {
        fixture.given(with(activeWithMembers(), report(BOB, 0, 1),
                       new TentacleOwnershipTransferred(ID, REPORT, BOB, DAVE, OwnershipTransferReason.CHOWN, T0)))
               .when(new RemoveTentacle(ID, REPORT), by(DAVE))
               .expectEvents(new TentacleRemoved(ID, REPORT, T0, 0, DAVE));
    }

    @Test
    void anotherMemberRedeployingTheNameGetsFreshDataAndNewCredentials() {
        fixture.given(bobsReportRemoved())
               .when(deployReport(), by(DAVE))
               .expectEvents(report(DAVE, 2, 2));
    }

    @Test
    void theKeeperRedeployingGetsItsDataBackWithNewCredentials() {
        fixture.given(bobsReportRemoved())
               .when(deployReport(), by(BOB))
               .expectEvents(report(BOB, 0, 2));
    }

    @Test
    void theEnclaveOwnerRedeployingGetsTheDataBackWithNewCredentials() {
        fixture.given(bobsReportRemoved())
               .when(deployReport(), by(ALICE))
               .expectEvents(report(ALICE, 0, 2));
    }

    @Test
    void bobsDataStaysBobsWhileAnotherMembersDeploymentComesAndGoes() {
        List<Object> history = with(bobsReportRemoved(), report(DAVE, 2, 2),
                new TentacleRemoved(ID, REPORT, T0, 2, DAVE));
        fixture.given(history)
               .when(deployReport(), by(BOB))
               .expectEvents(report(BOB, 0, 3));
        EnclaveFixtures.fixture().given(history)
               .when(deployReport(), by(DAVE))
               .expectEvents(report(DAVE, 2, 3));
    }

    @Test
    void dataTakenBackIsNoLongerKeptForAnyoneElse() {
        fixture.given(with(bobsReportRemoved(), report(BOB, 0, 2), new TentacleRemoved(ID, REPORT, T0, 0, BOB),
                       report(ALICE, 0, 3), new TentacleRemoved(ID, REPORT, T0, 0, ALICE)))
               .when(deployReport(), by(BOB))
               .expectEvents(report(BOB, 4, 4)); // the enclave owner took it last: it is hers to take back now
    }

    @Test
    void eventsStoredBeforeGenerationsWereRecordedCountAsGenerationZeroKeptByTheOwner() {
        List<Object> legacy = with(activeWithMembers(), deployedCron(BOB, Mode.MEMBER_EDIT),
                new TentacleRemoved(ID, REPORT, T0));
        fixture.given(legacy)
               .when(deployReport(), by(DAVE))
               .expectEvents(report(DAVE, 2, 2));
        EnclaveFixtures.fixture().given(legacy)
               .when(deployReport(), by(BOB))
               .expectEvents(report(BOB, 0, 2));
    }
}
