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
    private static final TimeWindow NOON = new TimeWindow(Instant.parse("2026-12-01T12:00:00Z"),
            Instant.parse("2026-12-01T13:00:00Z"));

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
        history.add(new SlotsProposed(ROOM, List.of(TEN), T0));
        return history;
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
                .expectExceptionMessage("that slot is not a current proposal in room " + ROOM)
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
