package io.enclavesuite.coordination.policy;

import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.api.coordination.AbortReason;
import io.enclavesuite.api.coordination.AuthorizeParticipation;
import io.enclavesuite.api.coordination.CoordinationAborted;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.EvaluateInvitation;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.PolicyDecision;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The authorization saga: initiator by starting the room, everyone else by their own policy, or asked. */
class AuthorizationSagaTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000aa");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final MeetingDuration HOUR = MeetingDuration.ofMinutes(60);
    private static final Purpose PURPOSE = new Purpose("Q1 planning");

    private SagaTestFixture<AuthorizationSaga> fixture;

    /** Alice and Bob share a team enclave; Carol shares none with Alice. */
    private final EnclaveDirectory enclaves = (a, b) -> Set.of(a, b).equals(Set.of(ALICE, BOB));

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(AuthorizationSaga.class);
        fixture.registerResource(enclaves);
        fixture.registerResource(SagaSteps.unobserved());
        // Bob's policy auto-executes for his enclaves' members; Carol has no policy at all.
        fixture.setCallbackBehavior((payload, metaData) -> {
            if (payload instanceof EvaluateInvitation invitation) {
                if (invitation.participant().equals(CAROL)) {
                    throw new AggregateNotFoundException(CAROL.value(), "no AgentPolicy for U0CAROL");
                }
                return invitation.initiatorSharesAnEnclave() ? PolicyDecision.autoExecuted("team")
                        : PolicyDecision.askParticipant("none of 1 autonomy rules matched");
            }
            return null;
        });
    }

    private static CoordinationCreated created() {
        return new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, PURPOSE, ALICE, List.of(ALICE, BOB, CAROL),
                HOUR, new SearchRange(Instant.parse("2026-11-30T08:00:00Z"),
                Instant.parse("2026-12-04T18:00:00Z")), T0.plusSeconds(172_800), null, T0,
                new io.enclavesuite.api.coordination.RoomPublicKey("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"));
    }

    @Test
    void theInitiatorIsInByStartingEveryoneElseByTheirPolicyOrByBeingAsked() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(created())
               .expectActiveSagas(1)
               .expectDispatchedCommands(
                       new AuthorizeParticipation(ROOM, ALICE, PolicyDecision.autoExecuted("initiator")),
                       new EvaluateInvitation(BOB, ROOM, ALICE, PURPOSE, true, CoordinationType.MEETING_SYNC, HOUR),
                       new AuthorizeParticipation(ROOM, BOB, PolicyDecision.autoExecuted("team")),
                       new EvaluateInvitation(CAROL, ROOM, ALICE, PURPOSE, false, CoordinationType.MEETING_SYNC, HOUR),
                       new AuthorizeParticipation(ROOM, CAROL,
                               PolicyDecision.askParticipant("no agent policy: every invitation is asked")));
    }

    @Test
    void theSagaEndsWhenTheRoomOpens() {
        fixture.givenAPublished(created())
               .whenPublishingA(new CoordinationOpened(ROOM, T0, null))
               .expectActiveSagas(0);
    }

    @Test
    void aPolicyThatRefusesIsSentToTheRoomWhichAbortsAndTheSagaEnds() {
        PolicyDecision refused = PolicyDecision.refused("inbound-rate-limit",
                "U0ALICE sent U0CAROL more than 10 invitations in an hour");
        fixture.setCallbackBehavior((payload, metaData) -> payload instanceof EvaluateInvitation invitation
                && invitation.participant().equals(CAROL) ? refused : PolicyDecision.autoExecuted("team"));
        fixture.givenNoPriorActivity()
               .whenPublishingA(created())
               .expectDispatchedCommands(
                       new AuthorizeParticipation(ROOM, ALICE, PolicyDecision.autoExecuted("initiator")),
                       new EvaluateInvitation(BOB, ROOM, ALICE, PURPOSE, true, CoordinationType.MEETING_SYNC, HOUR),
                       new AuthorizeParticipation(ROOM, BOB, PolicyDecision.autoExecuted("team")),
                       new EvaluateInvitation(CAROL, ROOM, ALICE, PURPOSE, false, CoordinationType.MEETING_SYNC, HOUR),
                       new AuthorizeParticipation(ROOM, CAROL, refused));
        fixture.givenAPublished(created())
               .whenPublishingA(new CoordinationAborted(ROOM, AbortReason.POLICY_REFUSED, CAROL, "inbound-rate-limit", T0,
                       "U0ALICE sent U0CAROL more than 10 invitations in an hour"))
               .expectActiveSagas(0);
    }
}
