package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.command.enclave.membership.MembershipConflict;
import io.enclavesuite.api.enclave.EnclaveModeChanged;
import io.enclavesuite.api.enclave.EnclaveOwnershipTransferred;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.SetEnclaveMode;
import io.enclavesuite.api.enclave.TransferOwnership;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;

/** Members join by signing in, leave with the channel; ownership and the enclave mode are the owner's. */
class EnclaveMembershipTest {

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aChannelMemberWhoSignsInIsRegistered() {
        fixture.given(started(), activated())
               .when(new RegisterMember(ID, BOB), by(BOB))
               .expectEvents(new MemberRegistered(ID, BOB, T0));
    }

    @Test
    void theOwnerMayRegisterAMember() {
        fixture.given(started(), activated())
               .when(new RegisterMember(ID, BOB), by(ALICE))
               .expectEvents(new MemberRegistered(ID, BOB, T0));
    }

    @Test
    void nobodyElseMayRegisterSomeone() {
        fixture.given(activeWithMembers())
               .when(new RegisterMember(ID, EVE), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only U0EVE (by signing in) or the enclave owner (U0ALICE) may register U0EVE "
                       + "in enclave 'growth'")
               .expectNoEvents();
    }

    @Test
    void aServicePrincipalCannotRegisterMembers() {
        fixture.given(started(), activated())
               .when(new RegisterMember(ID, BOB), by("svc-billing"))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void signingInAgainChangesNothing() {
        fixture.given(activeWithMembers())
               .when(new RegisterMember(ID, BOB), by(BOB))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void theOwnerIsNotRegisteredAsAMember() {
        fixture.given(started(), activated())
               .when(new RegisterMember(ID, ALICE), by(ALICE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("U0ALICE owns enclave 'growth' already");
    }

    @Test
    void theMemberLimitHolds() {
        EnclaveFixtures.fixture(new EnclaveLimits(2, null, Duration.ofMinutes(5), null)).given(activeWithMembers())
               .when(new RegisterMember(ID, EVE), by(EVE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("enclave 'growth' has reached its limit of 2 members")
               .expectNoEvents();
    }

    @Test
    void registeringWorksWhileProvisioningSoEarlySignInsAreKept() {
        fixture.given(started())
               .when(new RegisterMember(ID, BOB), by(BOB))
               .expectEvents(new MemberRegistered(ID, BOB, T0));
    }

    @Test
    void aMemberWhoLeavesHandsEachOfTheirTentaclesToTheOwner() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, Mode.MEMBER_EDIT), deployedService(DAVE, Mode.PRIVATE),
                        new TentacleDeployed(ID, io.enclavesuite.api.tentacle.TentacleName.of("bobs"), IMAGE, null,
                                Mode.MEMBER_EDIT, BOB, List.of(), T0)))
               .when(new RemoveMember(ID, DAVE), by(DAVE))
               .expectEvents(new MemberRemoved(ID, DAVE, T0),
                       new TentacleOwnershipTransferred(ID, API, DAVE, ALICE, OwnershipTransferReason.MEMBER_LEFT, T0),
                       new TentacleOwnershipTransferred(ID, REPORT, DAVE, ALICE, OwnershipTransferReason.MEMBER_LEFT, T0));
    }

    @Test
    void theOwnerMayRemoveAMember() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB), by(ALICE))
               .expectEvents(new MemberRemoved(ID, BOB, T0));
    }

    @Test
    void aMemberCannotRemoveAnother() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, DAVE), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only U0DAVE (by leaving the channel) or the enclave owner (U0ALICE) may remove "
                       + "U0DAVE from enclave 'growth'");
    }

    @Test
    void theOwnerCannotBeRemovedWithoutTransferringFirst() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, ALICE), by(ALICE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("U0ALICE owns enclave 'growth': transfer the ownership first");
    }

    @Test
    void leavingWithoutHavingSignedInChangesNothing() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, EVE), by(EVE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void theOwnerTransfersToAMemberAndStaysOnAsAMember() {
        fixture.given(activeWithMembers())
               .when(new TransferOwnership(ID, BOB), by(ALICE))
               .expectEvents(new EnclaveOwnershipTransferred(ID, ALICE, BOB, T0));
        // the previous owner is a member now: the new owner may remove her like any member
        fixture.given(with(activeWithMembers(), new EnclaveOwnershipTransferred(ID, ALICE, BOB, T0)))
               .when(new RemoveMember(ID, ALICE), by(BOB))
               .expectEvents(new MemberRemoved(ID, ALICE, T0));
    }

    @Test
    void ownershipPassesOnlyToACurrentMember() {
        fixture.given(activeWithMembers())
               .when(new TransferOwnership(ID, EVE), by(ALICE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("U0EVE is not a member of enclave 'growth': ownership passes only to a current "
                       + "member");
    }

    @Test
    void transferringToTheOwnerChangesNothing() {
        fixture.given(activeWithMembers())
               .when(new TransferOwnership(ID, ALICE), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void onlyTheOwnerTransfersOwnership() {
        fixture.given(activeWithMembers())
               .when(new TransferOwnership(ID, BOB), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of enclave 'growth' (U0ALICE) may transfer it");
    }

    @Test
    void afterATransferTheNewOwnerIsSuperuser() {
        fixture.given(with(activeWithMembers(), new EnclaveOwnershipTransferred(ID, ALICE, BOB, T0),
                        new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.PRIVATE, T0)))
               .when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(BOB))
               .expectSuccessfulHandlerExecution();
        fixture.given(with(activeWithMembers(), new EnclaveOwnershipTransferred(ID, ALICE, BOB, T0),
                        new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.PRIVATE, T0)))
               .when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(ALICE))
               .expectException(AccessDenied.class);
    }

    @Test
    void theOwnerChangesTheEnclaveMode() {
        fixture.given(activeWithMembers())
               .when(new SetEnclaveMode(ID, Mode.OPEN_READ), by(ALICE))
               .expectEvents(new EnclaveModeChanged(ID, Mode.MEMBER_EDIT, Mode.OPEN_READ, T0));
    }

    @Test
    void aMemberCannotChangeTheEnclaveModeEvenWithWriteBits() {
        fixture.given(activeWithMembers())
               .when(new SetEnclaveMode(ID, Mode.OPEN_RUN), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of enclave 'growth' (U0ALICE) may change its mode");
    }

    @Test
    void settingTheSameModeChangesNothing() {
        fixture.given(activeWithMembers())
               .when(new SetEnclaveMode(ID, Mode.MEMBER_EDIT), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aHundredMembersByDefault() {
        List<Object> events = new ArrayList<>(List.of(started(), activated()));
        for (int i = 0; i < 100; i++) {
            events.add(registered(UserId.of("U0M" + i)));
        }
        fixture.given(events)
               .when(new RegisterMember(ID, EVE), by(EVE))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("enclave 'growth' has reached its limit of 100 members");
    }
}
