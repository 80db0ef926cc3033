package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.MemberRemovalReason;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.tentacle.OwnershipTransferReason;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.command.enclave.membership.MembershipConflict;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;

/**
 * A removal keeps its reason in the history, and Slack (the actor {@code slack}, which only the principal that speaks
 * for Slack may send a channel fact as) removes a member who left the channel — but only for a channel reason.
 */
class MemberRemovalReasonsTest {

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aMemberWhoLeftTheChannelIsRemovedWithThatReason() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.LEFT_CHANNEL), by(BOB))
               .expectEvents(new MemberRemoved(ID, BOB, T0, MemberRemovalReason.LEFT_CHANNEL));
    }

    @Test
    void slackRemovesAMemberTheDriftCheckFoundGoneAndTheirTentaclesPassToTheOwner() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, io.enclavesuite.api.enclave.Mode.MEMBER_EDIT)))
               .when(new RemoveMember(ID, DAVE, MemberRemovalReason.NOT_IN_CHANNEL), by("slack"))
               .expectEvents(new MemberRemoved(ID, DAVE, T0, MemberRemovalReason.NOT_IN_CHANNEL),
                       new TentacleOwnershipTransferred(ID, REPORT, DAVE, ALICE, OwnershipTransferReason.MEMBER_LEFT, T0));
    }

    @Test
    void slackStatesALeftChannelRemovalToo() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.LEFT_CHANNEL), by("slack"))
               .expectEvents(new MemberRemoved(ID, BOB, T0, MemberRemovalReason.LEFT_CHANNEL));
    }

    @Test
    void slackMayNotRemoveAMemberWithoutAChannelReason() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB), by("slack"))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only U0BOB (by leaving the channel) or the enclave owner (U0ALICE) may remove "
                       + "U0BOB from enclave 'growth'")
               .expectNoEvents();
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.REMOVED_BY_OWNER), by("slack"))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void anotherServiceMayNotRemoveAMemberEvenForAChannelReason() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.NOT_IN_CHANNEL), by("svc-billing"))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void aMemberCannotRemoveAnotherByClaimingTheyLeftTheChannel() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, DAVE, MemberRemovalReason.LEFT_CHANNEL), by(BOB))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void theOwnerRemovesAMemberWithTheOwnersReason() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.REMOVED_BY_OWNER), by(ALICE))
               .expectEvents(new MemberRemoved(ID, BOB, T0, MemberRemovalReason.REMOVED_BY_OWNER));
    }

    @Test
    void onlyTheOwnerRemovesWithTheOwnersReason() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.REMOVED_BY_OWNER), by(BOB))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("only the enclave owner (U0ALICE) removes a member with reason removed-by-owner")
               .expectNoEvents();
    }

    @Test
    void slackCannotRemoveTheOwner() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, ALICE, MemberRemovalReason.NOT_IN_CHANNEL), by("slack"))
               .expectException(MembershipConflict.class)
               .expectExceptionMessage("U0ALICE owns enclave 'growth': transfer the ownership first");
    }

    @Test
    void aSecondDriftRemovalOfSomeoneAlreadyGoneChangesNothing() {
        fixture.given(with(activeWithMembers(), new MemberRemoved(ID, BOB, T0, MemberRemovalReason.NOT_IN_CHANNEL)))
               .when(new RemoveMember(ID, BOB, MemberRemovalReason.NOT_IN_CHANNEL), by("slack"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }
}
