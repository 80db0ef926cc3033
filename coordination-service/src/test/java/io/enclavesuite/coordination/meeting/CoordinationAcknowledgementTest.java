package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.AcknowledgeWindows;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SlotsProposed;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsAcknowledged;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.enclavesuite.coordination.meeting.RoomFixtures.BOB;
import static io.enclavesuite.coordination.meeting.RoomFixtures.CAROL;
import static io.enclavesuite.coordination.meeting.RoomFixtures.T0;

/** Acknowledging a proposal: only a participant, only a current proposal, only while the room is open, once. */
class CoordinationAcknowledgementTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000cc");
    private static final Instant T1 = T0.plus(Duration.ofMinutes(5));
    private static final TimeWindow TEN = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"));

    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        fixture = RoomFixtures.fixture(T1);
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static List<Object> proposed() {
        List<Object> history = RoomFixtures.open(ROOM);
        history.add(new SlotsProposed(ROOM, List.of(RoomFixtures.KEYS.proposal(ROOM, 1, TEN)), T0));
        return history;
    }

    @Test
    void aParticipantAcknowledgesACurrentProposal() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, 1), by(BOB))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WindowsAcknowledged(ROOM, BOB, 1, T1));
    }

    @Test
    void acknowledgingTheSameProposalAgainChangesNothing() {
        List<Object> history = proposed();
        history.add(new WindowsAcknowledged(ROOM, BOB, 1, T0));
        fixture.given(history)
                .when(new AcknowledgeWindows(ROOM, 1), by(BOB))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNewSubmissionVoidsTheProposalsAndWhatWasAcknowledged() {
        List<Object> history = proposed();
        history.add(new WindowsAcknowledged(ROOM, BOB, 1, T0));
        history.add(new WindowsSubmitted(ROOM, CAROL, new SealedWindows("c2VhbGVk"), 1, T0));
        history.add(new SlotsProposed(ROOM, List.of(RoomFixtures.KEYS.proposal(ROOM, 2, TEN)), T0));
        fixture.given(history)
                .when(new AcknowledgeWindows(ROOM, 1), by(BOB))
                .expectException(CoordinationRefused.class);
        fixture.given(history)
                .when(new AcknowledgeWindows(ROOM, 2), by(BOB))
                .expectEvents(new WindowsAcknowledged(ROOM, BOB, 2, T1));
    }

    @Test
    void onlyACurrentProposalCanBeAcknowledged() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, 2), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("there is no current proposal 2 in room " + ROOM
                        + " (a new submission of windows voids the proposals made before it)")
                .expectNoEvents();
    }

    @Test
    void someoneOutsideTheRoomIsRefused() {
        fixture.given(proposed())
                .when(new AcknowledgeWindows(ROOM, 1), by(UserId.of("U0EVE")))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("only the room's participants act in room " + ROOM + "; 'U0EVE' is not one")
                .expectNoEvents();
    }

    @Test
    void notBeforeTheRoomOpensNorAfterItEnds() {
        fixture.given(proposed().subList(0, 4))
                .when(new AcknowledgeWindows(ROOM, 1), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("room " + ROOM + " is pending: cannot acknowledge a proposal now")
                .expectNoEvents();

        List<Object> ended = proposed();
        ended.add(new CoordinationResolved(ROOM, TEN, T0));
        fixture.given(ended)
                .when(new AcknowledgeWindows(ROOM, 1), by(BOB))
                .expectException(CoordinationRefused.class)
                .expectNoEvents();
    }
}
