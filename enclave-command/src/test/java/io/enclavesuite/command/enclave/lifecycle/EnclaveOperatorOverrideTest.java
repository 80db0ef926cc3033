package io.enclavesuite.command.enclave.lifecycle;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.ConfirmDeprovision;
import io.enclavesuite.api.enclave.DeprovisionRequested;
import io.enclavesuite.api.enclave.EnclaveAccessOverridden;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FreezeEnclave;
import io.enclavesuite.api.enclave.FreezeReason;
import io.enclavesuite.api.enclave.MemberRemoved;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.RemoveMember;
import io.enclavesuite.api.enclave.UnfreezeEnclave;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.tentacle.RemoveTentacle;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ALICE;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.BOB;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.CODES;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.ID;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.REPORT;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.T0;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.activeWithMembers;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.by;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.deployedCron;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.fixture;
import static io.enclavesuite.command.enclave.lifecycle.EnclaveFixtures.with;

/**
 * Break-glass: an operator's stated reason lifts an access denial, and the lifting is an event that names the
 * operator, their tool, the command, the rule and the reason, for the owner to see. It lifts nothing else.
 */
class EnclaveOperatorOverrideTest {

    private static final UserId OPS = UserId.of("U0OPS");
    private static final String REASON = "INC-42: owner unreachable, enclave leaking data";
    private final AggregateTestFixture<Enclave> fixture = fixture();

    private static Map<String, Object> overriding(UserId operator, String reason) {
        return Map.of(MetadataKeys.ACTOR, operator.value(), MetadataKeys.PRINCIPAL, "enclavectl",
                MetadataKeys.OPERATOR_REASON, reason);
    }

    @Test
    void anOperatorWithAReasonFreezesAnotherOwnersEnclaveAndTheOverrideIsRecordedFirst() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), overriding(OPS, REASON))
               .expectEvents(new EnclaveAccessOverridden(ID, OPS, "enclavectl", "FreezeEnclave",
                               "only the owner of enclave 'growth' (U0ALICE) may freeze or unfreeze it", REASON, ALICE,
                               T0),
                       new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0));
    }

    @Test
    void withoutAReasonTheSameOperatorIsRefusedLikeAnyoneElse() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), by(OPS))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }

    @Test
    void aReasonThatOverridesNothingLeavesNoOverride() {
        fixture.given(activeWithMembers())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), overriding(ALICE, "routine"))
               .expectEvents(new EnclaveFrozen(ID, FreezeReason.OWNER_REQUEST, T0));
    }

    @Test
    void anOverrideLiftsTheRuleButNoCheckOfTheEnclavesState() {
        fixture.given(with(activeWithMembers(), new EnclaveFrozen(ID, FreezeReason.CHANNEL_ARCHIVED, T0)))
               .when(new UnfreezeEnclave(ID, FreezeReason.OWNER_REQUEST), overriding(OPS, REASON))
               .expectException(EnclaveStateConflict.class)
               .expectNoEvents();
    }

    @Test
    void anOperatorRemovesAMemberTheOwnerCouldNotBeReachedFor() {
        fixture.given(activeWithMembers())
               .when(new RemoveMember(ID, BOB), overriding(OPS, REASON))
               .expectEvents(new EnclaveAccessOverridden(ID, OPS, "enclavectl", "RemoveMember",
                               "only U0BOB (by leaving the channel) or the enclave owner (U0ALICE) may remove U0BOB "
                                       + "from enclave 'growth'", REASON, ALICE, T0),
                       new MemberRemoved(ID, BOB, T0));
    }

    @Test
    void anOperatorRemovesATentacleThatTheModeHidesFromThem() {
        fixture.given(with(activeWithMembers(), deployedCron(BOB, Mode.PRIVATE)))
               .when(new RemoveTentacle(ID, REPORT), overriding(OPS, REASON))
               .expectSuccessfulHandlerExecution()
               .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                       org.axonframework.test.matchers.Matchers.exactSequenceOf(
                               org.hamcrest.Matchers.instanceOf(EnclaveAccessOverridden.class),
                               org.axonframework.test.matchers.Matchers.equalTo(new TentacleRemoved(ID, REPORT, T0, 0, BOB)),
                               org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @Test
    void anOperatorDeprovisionsWithTheCodeSealedToThemAndIsNamedAsTheOneWhoConfirmed() {
        Instant expires = T0.plus(EnclaveLimits.DEFAULTS.deprovisionCodeValidity());
        fixture.given(with(activeWithMembers(), new DeprovisionRequested(ID, ALICE,
                        CODES.hash(ID, EnclaveFixtures.CODE), expires, T0)))
               .when(new ConfirmDeprovision(ID, EnclaveFixtures.CODE), overriding(OPS, REASON))
               .expectEvents(new EnclaveAccessOverridden(ID, OPS, "enclavectl", "ConfirmDeprovision",
                               "only the owner of enclave 'growth' (U0ALICE) may deprovision it", REASON, ALICE, T0),
                       new EnclaveDeprovisioningStarted(ID, OPS, "enclave-growth", T0));
    }

    /** A stated reason on a command no intake took (metadata without a person) overrides nothing. */
    @Test
    void aReasonWithoutAPersonOverridesNothing() {
        fixture.given(new EnclaveProvisioningStarted(ID, EnclaveFixtures.CHANNEL, ALICE,
                        io.enclavesuite.api.enclave.QuotaPreset.MEDIUM, Mode.MEMBER_EDIT, "enclave-growth", T0),
                       EnclaveFixtures.activated())
               .when(new FreezeEnclave(ID, FreezeReason.OWNER_REQUEST), Map.of(MetadataKeys.ACTOR, "some-service",
                       MetadataKeys.OPERATOR_REASON, REASON))
               .expectException(AccessDenied.class)
               .expectNoEvents();
    }
}
