package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.enclave.ChannelRenamed;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.DeprovisionCode;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.FreezeReasonLifted;
import io.enclavesuite.api.enclave.RegisterMember;
import io.enclavesuite.api.enclave.RenameChannel;
import io.enclavesuite.api.enclave.RequestDeprovision;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.DeployTentacle;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.RunTentacle;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.UpdateTentacle;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Rename, freeze and unfreeze, deprovisioning: the lifecycle after provisioning. */
class EnclaveLifecycleTest {

    private static final String HASH = EnclaveFixtures.CODES.hash(ID, CODE);
    private static final Instant EXPIRES = T0.plus(Duration.ofMinutes(5));

    private AggregateTestFixture<Enclave> fixture;

    @BeforeEach
    void setUp() {
        fixture = EnclaveFixtures.fixture();
    }

    @Test
    void aChannelRenameChangesOnlyTheDisplayName() {
        fixture.given(started(), activated())
               .when(new RenameChannel(ID, "growth-team"), by(EVE))
               .expectEvents(new ChannelRenamed(ID, CHANNEL.id(), "growth", "growth-team", T0));
    }

    @Test
    void renamingToTheSameNameChangesNothing() {
        fixture.given(started(), activated())
               .when(new RenameChannel(ID, "growth"), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void archivingTheChannelFreezesAnActiveEnclaveWhoeverArchivedIt() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0));
    }

    @Test
    void theOwnerMayFreezeTheEnclave() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0));
    }

    @Test
    void aMemberMayNotFreezeTheEnclaveOnRequest() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of enclave 'growth' (U0ALICE) may freeze or unfreeze it")
               .expectNoEvents();
    }

    @Test
    void freezingAFrozenEnclaveAgainChangesNothing() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void archivingTheChannelOfAnEnclaveTheOwnerFrozeAddsItsReason() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .when(new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .expectState(enclave -> assertThat(enclave.frozenFor())
                       .containsExactlyInAnyOrder(FreezeReason.OWNER_REQUEST, FreezeReason.CHANNEL_ARCHIVED));
    }

    @Test
    void theOwnerMayFreezeAnEnclaveTheArchivedChannelFroze() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0));
    }

    @Test
    void theOwnersFreezeOutlastsAnArchiveAndUnarchiveOfTheChannel() {
        fixture.given(started(), activated())
               .andGivenCommands(as(ALICE, new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST)),
                       as(BOB, new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED)))
               .when(new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectEvents(new FreezeReasonLifted(ID, FreezeReason.CHANNEL_ARCHIVED,
                       List.of(FreezeReason.OWNER_REQUEST), T0))
               .expectState(enclave -> {
                   assertThat(enclave.status()).isEqualTo(EnclaveStatus.FROZEN);
                   assertThat(enclave.frozenFor()).containsExactly(FreezeReason.OWNER_REQUEST);
               });
    }

    @Test
    void theOwnerUnfreezingAfterTheChannelCameBackMakesTheEnclaveActive() {
        fixture.given(started(), activated())
               .andGivenCommands(as(ALICE, new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST)),
                       as(BOB, new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED)),
                       as(BOB, new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED)))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new EnclaveUnfrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .expectState(enclave -> {
                   assertThat(enclave.status()).isEqualTo(EnclaveStatus.ACTIVE);
                   assertThat(enclave.frozenFor()).isEmpty();
               });
    }

    @Test
    void theOwnerLiftingTheirFreezeOfAnArchivedChannelsEnclaveLeavesItFrozen() {
        fixture.given(started(), activated())
               .andGivenCommands(as(BOB, new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED)),
                       as(ALICE, new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST)))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new FreezeReasonLifted(ID, FreezeReason.OWNER_REQUEST,
                       List.of(FreezeReason.CHANNEL_ARCHIVED), T0))
               .expectState(enclave -> {
                   assertThat(enclave.status()).isEqualTo(EnclaveStatus.FROZEN);
                   assertThat(enclave.frozenFor()).containsExactly(FreezeReason.CHANNEL_ARCHIVED);
               });
    }

    @Test
    void unarchivingAfterTheOwnerLiftedTheirFreezeMakesTheEnclaveActive() {
        fixture.given(started(), activated())
               .andGivenCommands(as(BOB, new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED)),
                       as(ALICE, new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST)),
                       as(ALICE, new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST)))
               .when(new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectEvents(new EnclaveUnfrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .expectState(enclave -> assertThat(enclave.status()).isEqualTo(EnclaveStatus.ACTIVE));
    }

    @Test
    void unarchivingTheChannelOfAnEnclaveOnlyTheOwnerFrozeChangesNothing() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .when(new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    /**
     * Before freezes were kept apart, an unarchive recorded EnclaveUnfrozen even where the owner had frozen the
     * enclave too: such a history still reads as it did then, active with no freeze standing.
     */
    @Test
    void anOldHistoryWhoseUnfreezeEndedBothFreezesSourcesAnActiveEnclave() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0),
                        new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0),
                        new EnclaveUnfrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .expectState(enclave -> assertThat(enclave.frozenFor()).containsExactly(FreezeReason.OWNER_REQUEST));
    }

    @Test
    void aRefusedDeployNamesEveryFreezeThatStands() {
        fixture.given(with(activeWithMembers(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0),
                        new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0)))
               .when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(ALICE))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' is frozen (channel-archived, owner-request): cannot deploy "
                       + "tentacles until it is unfrozen");
    }

    @Test
    void anEnclaveStillProvisioningCannotBeFrozen() {
        fixture.given(started())
               .when(new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(ALICE))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' is provisioning; only an active enclave can be frozen");
    }

    @Test
    void unarchivingTheChannelUnfreezesIt() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(BOB))
               .expectEvents(new EnclaveUnfrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0));
    }

    @Test
    void theOwnerCannotLiftAFreezeThatComesFromTheArchivedChannel() {
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' is frozen because its channel is archived; unarchive the "
                       + "channel to unfreeze it")
               .expectNoEvents();
    }

    @Test
    void onlyTheOwnerLiftsTheirOwnFreeze() {
        fixture.given(started(), activated(), registered(BOB), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(BOB))
               .expectException(AccessDenied.class)
               .expectNoEvents();
        fixture.given(started(), activated(), new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(ALICE))
               .expectEvents(new EnclaveUnfrozen(ID, FreezeReason.OWNER_REQUEST, T0));
    }

    @Test
    void unfreezingAnActiveEnclaveChangesNothing() {
        fixture.given(started(), activated())
               .when(new UnfreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void aFrozenEnclaveRefusesDeployUpdateAndRun() {
        var frozen = with(activeWithMembers(), deployedCron(DAVE, io.enclavesuite.api.enclave.Mode.MEMBER_EDIT),
                new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0));
        String refusal = "enclave 'growth' is frozen (channel-archived): cannot %s until it is unfrozen";
        fixture.given(frozen).when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(ALICE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(refusal.formatted("deploy tentacles"))
               .expectNoEvents();
        fixture.given(frozen).when(new UpdateTentacle(ID, REPORT, IMAGE, null, null), by(DAVE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(refusal.formatted("update tentacles"));
        fixture.given(frozen).when(new RunTentacle(ID, REPORT), by(DAVE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(refusal.formatted("run tentacles"));
    }

    @Test
    void aFrozenEnclaveStillLetsATentacleBeRemoved() {
        fixture.given(with(activeWithMembers(), deployedCron(DAVE, io.enclavesuite.api.enclave.Mode.MEMBER_EDIT),
                        new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0)))
               .when(new RemoveTentacle(ID, REPORT), by(DAVE))
               .expectEvents(new TentacleRemoved(ID, REPORT, T0, 0, DAVE));
    }

    @Test
    void theOwnerGetsAConfirmationCodeAndTheEventKeepsOnlyItsHash() {
        fixture.given(activeWithMembers())
               .when(new RequestDeprovision(ID), by(ALICE))
               .expectResultMessagePayload(new DeprovisionCode(CODE, EXPIRES))
               .expectEvents(new DeprovisionRequested(ID, ALICE, HASH, EXPIRES, T0));
    }

    @Test
    void onlyTheOwnerMayRequestDeprovisioning() {
        fixture.given(activeWithMembers())
               .when(new RequestDeprovision(ID), by(BOB))
               .expectException(AccessDenied.class)
               .expectExceptionMessage("only the owner of enclave 'growth' (U0ALICE) may deprovision it")
               .expectNoEvents();
    }

    @Test
    void aFailedEnclaveMayBeDeprovisionedToo() {
        fixture.given(started(), new EnclaveProvisioningFailed(ID, "quota refused", T0))
               .when(new RequestDeprovision(ID), by(ALICE))
               .expectEvents(new DeprovisionRequested(ID, ALICE, HASH, EXPIRES, T0));
    }

    @Test
    void confirmingWithTheCodeStartsDeprovisioning() {
        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE, HASH, EXPIRES, T0)))
               .when(new ConfirmDeprovision(ID, "7k3mq9xt"), by(ALICE))
               .expectEvents(new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0));
    }

    /** The event keeps an HMAC under the suite's key: the code's 40 bits cannot be searched for from the history. */
    @Test
    void theStoredHashIsKeyedAndARequestFromBeforeKeyingStillConfirms() {
        assertThat(HASH).startsWith("hmac-sha256:").doesNotContain(ConfirmationCodes.unkeyed(ID, CODE));
        assertThat(new ConfirmationCodes(io.enclavesuite.command.database.CredentialKey.of(new byte[]{
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
                31, 32}), () -> CODE).hash(ID, CODE)).as("another key, another hash").isNotEqualTo(HASH);

        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE, ConfirmationCodes.unkeyed(ID, CODE),
                        EXPIRES, T0)))
               .when(new ConfirmDeprovision(ID, CODE), by(ALICE))
               .expectEvents(new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0));
    }

    @Test
    void aWrongCodeIsRefused() {
        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE, HASH, EXPIRES, T0)))
               .when(new ConfirmDeprovision(ID, "AAAA-BBBB"), by(ALICE))
               .expectException(ConfirmationRefused.class)
               .expectExceptionMessage("wrong confirmation code for enclave 'growth'")
               .expectNoEvents();
    }

    @Test
    void anExpiredCodeIsRefused() {
        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE, HASH, T0, T0.minusSeconds(300))))
               .when(new ConfirmDeprovision(ID, CODE), by(ALICE))
               .expectException(ConfirmationRefused.class)
               .expectExceptionMessage("the confirmation code for enclave 'growth' expired at 2026-11-22T10:00:00Z; "
                       + "ask for a new one");
    }

    @Test
    void confirmingWithoutARequestIsRefused() {
        fixture.given(activeWithMembers())
               .when(new ConfirmDeprovision(ID, CODE), by(ALICE))
               .expectException(ConfirmationRefused.class)
               .expectExceptionMessage("no deprovision was requested for enclave 'growth': ask for a confirmation "
                       + "code first");
    }

    @Test
    void aMemberCannotConfirmEvenWithTheCode() {
        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE, HASH, EXPIRES, T0)))
               .when(new ConfirmDeprovision(ID, CODE), by(BOB))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void aRenameOfAnEnclaveThatFailedToProvisionIsRefused() {
        fixture.given(started(), new io.enclavesuite.api.enclave.EnclaveProvisioningFailed(ID, "refused", T0))
               .when(new RenameChannel(ID, "other"), by(ALICE))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' failed to provision; provision it again first");
    }

    @Test
    void completingDeprovisioningOfALiveEnclaveIsRefused() {
        fixture.given(activeWithMembers())
               .when(new CompleteDeprovisioning(ID, List.of()))
               .expectException(EnclaveStateConflict.class)
               .expectExceptionMessage("enclave 'growth' is active, not being deprovisioned")
               .expectNoEvents();
    }

    @Test
    void theSagaCompletesDeprovisioning() {
        fixture.given(with(activeWithMembers(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0)))
               .when(new CompleteDeprovisioning(ID, List.of("Namespace/enclave-growth")))
               .expectEvents(new EnclaveDeprovisioned(ID, ALICE, List.of("Namespace/enclave-growth"), T0));
    }

    @Test
    void completingDeprovisioningTwiceChangesNothing() {
        fixture.given(with(activeWithMembers(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0),
                        new EnclaveDeprovisioned(ID, ALICE, List.of(), T0)))
               .when(new CompleteDeprovisioning(ID, List.of()))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void everyCommandAfterDeprovisioningStartedIsRefused() {
        var gone = with(activeWithMembers(), new EnclaveDeprovisioningStarted(ID, ALICE, "enclave-growth", T0));
        String message = "enclave 'growth' has been deprovisioned; that cannot be undone, and it takes no more commands";
        fixture.given(gone).when(new RegisterMember(ID, EVE), by(EVE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(message).expectNoEvents();
        fixture.given(gone).when(new DeployTentacle(ID, API, IMAGE, null, null, null), by(ALICE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(message).expectNoEvents();
        fixture.given(gone).when(new FreezeEnclave(ID, FreezeReason.CHANNEL_ARCHIVED), by(ALICE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(message).expectNoEvents();
        fixture.given(gone).when(new RequestDeprovision(ID), by(ALICE))
               .expectException(EnclaveStateConflict.class).expectExceptionMessage(message).expectNoEvents();
    }

    /** A command as the intake hands it on: with the actor who sent it. */
    private static CommandMessage<?> as(UserId actor, Object command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(by(actor));
    }
}
