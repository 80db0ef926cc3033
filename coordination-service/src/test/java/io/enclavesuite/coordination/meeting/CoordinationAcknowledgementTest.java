package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowSealer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Acknowledging a proposal: only a participant, only a current proposal, only while the room is open, once. */
class CoordinationAcknowledgementTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000cc");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofMinutes(5));
    private static final TimeWindow TEN = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"));
    private static final TimeWindow NOON = new TimeWindow(Instant.parse("2026-12-01T12:00:00Z"),
            Instant.parse("2026-12-01T13:00:00Z"));

    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        InMemoryRoomKeys keys = new InMemoryRoomKeys();
        fixture = new AggregateTestFixture<>(Coordination.class);
        fixture.registerInjectableResource(Clock.fixed(T1, ZoneOffset.UTC));
        fixture.registerInjectableResource(CoordinationLimits.DEFAULTS);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(new WindowSealer(keys));
        fixture.registerInjectableResource(new OverlapEngine());
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static List<Object> proposed() {
        return new ArrayList<>(List.of(new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC,
                        new Purpose("Q1 planning"), ALICE, List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(60),
                        new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                        T0.plus(Duration.ofHours(48)), null, T0),
                new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                new ParticipationAuthorized(ROOM, BOB, Authorization.APPROVED, null, T0),
                new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0),
                new CoordinationOpened(ROOM, T0),
                new SlotsProposed(ROOM, List.of(TEN), T0)));
    }

    @Test
    void aParticipantAcknowledgesACurrentProposal() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, TEN), by(BOB))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WindowsAcknowledged(ROOM, BOB, TEN, T1));
    }

    @Test
    void acknowledgingTheSameProposalAgainChangesNothing() {
        List<Object> history = proposed();
        history.add(new WindowsAcknowledged(ROOM, BOB, TEN, T0));
        fixture.given(history)
                .when(new AcknowledgeWindows(ROOM, TEN), by(BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewSubmissionVoidsTheProposalsAndWhatWasAcknowledged() {
        List<Object> history = proposed();
        history.add(new WindowsAcknowledged(ROOM, BOB, TEN, T0));
        history.add(new WindowsSubmitted(ROOM, CAROL, new SealedWindows("c2VhbGVk"), 1, T0));
        history.add(new SlotsProposed(ROOM, List.of(TEN), T0));
        fixture.given(history)
                .when(new AcknowledgeWindows(ROOM, TEN), by(BOB))
                .expectEvents(new WindowsAcknowledged(ROOM, BOB, TEN, T1));
    }

    @Test
    void onlyACurrentProposalCanBeAcknowledged() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, NOON), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("slot 2026-12-01T12:00:00Z → 2026-12-01T13:00:00Z was not proposed in room "
                        + ROOM)
                .expectNoEvents();
    }

    @Test
    void someoneOutsideTheRoomIsRefused() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, TEN), by(UserId.of("U0EVE")))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("only the room's participants act in room " + ROOM + "; 'U0EVE' is not one")
                .expectNoEvents();
    }

    @Test
    void notBeforeTheRoomOpensNorAfterItEnds() {
        fixture.given(proposed().subList(0, 4))
                .when(new AcknowledgeWindows(ROOM, TEN), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("room " + ROOM + " is pending: cannot acknowledge a proposal now")
                .expectNoEvents();

        List<Object> ended = proposed();
        ended.add(new CoordinationResolved(ROOM, TEN, T0));
        fixture.given(ended)
                .when(new AcknowledgeWindows(ROOM, TEN), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectNoEvents();
    }
}
