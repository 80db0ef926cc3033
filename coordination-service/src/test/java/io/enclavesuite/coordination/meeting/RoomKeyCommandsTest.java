package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.coordination.CoordinationDataShredded;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.CreateCoordination;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ProposeSlot;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.ShredRoomData;
import io.enclavesuite.api.coordination.SubmitWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.coordination.WindowsSubmitted;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
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

import static io.enclavesuite.coordination.meeting.RoomFixtures.ALICE;
import static io.enclavesuite.coordination.meeting.RoomFixtures.BOB;
import static io.enclavesuite.coordination.meeting.RoomFixtures.CAROL;
import static io.enclavesuite.coordination.meeting.RoomFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key work around the room: a key only for a room the aggregate accepted, nothing sealed or opened for a command
 * it refuses, and a key destroyed only when the room shreds.
 */
class RoomKeyCommandsTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000dd");
    private static final SearchRange NEXT_WEEK = new SearchRange(Instant.parse("2026-11-30T08:00:00Z"),
            Instant.parse("2026-12-04T18:00:00Z"));
    private static final List<TimeWindow> FREE = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T12:00:00Z")));

    private final InMemoryRoomKeys keys = new InMemoryRoomKeys();
    private final CountingOpener opener = new CountingOpener(keys);
    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Coordination.class);
        fixture.registerInjectableResource(Clock.fixed(T0, ZoneOffset.UTC));
        fixture.registerInjectableResource(CoordinationLimits.DEFAULTS);
        fixture.registerInjectableResource(new OverlapEngine());
        fixture.registerInjectableResource(RoomFixtures.UNCOUNTED);
        fixture.registerAnnotatedCommandHandler(new RoomKeyCommands(fixture.getRepository(), keys, opener));
    }

    private static Map<String, Object> by(UserId actor) {
        return Map.of(MetadataKeys.ACTOR, actor.value());
    }

    private static CreateCoordination create(List<UserId> participants) {
        return new CreateCoordination(ROOM, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"), participants,
                MeetingDuration.ofMinutes(60), NEXT_WEEK, null, null);
    }

    @Test
    void anAcceptedRoomGetsItsKeyAndTheAnswerIsTheRoomsId() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB, CAROL)), by(ALICE))
               .expectSuccessfulHandlerExecution()
               .expectResultMessagePayload(ROOM);
        assertThat(keys.find(ROOM)).isPresent();
    }

    @Test
    void aRefusedRoomGetsNoKey() {
        fixture.givenNoPriorActivity()
               .when(create(List.of(BOB)), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
        assertThat(keys.find(ROOM)).isEmpty();
    }

    @Test
    void aSubmissionFromSomeoneOutsideTheRoomIsNotOpened() {
        keys.create(ROOM);
        fixture.given(RoomFixtures.open(ROOM, keys))
               .when(new SubmitWindows(ROOM, keys.seal(ROOM, UserId.of("U0EVE"), FREE)), by(UserId.of("U0EVE")))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
        assertThat(opener.opened).isZero();
    }

    @Test
    void aSubmissionIsOpenedOnceToBeCheckedAndRecordedAsItsSenderSealedIt() {
        keys.create(ROOM);
        SealedWindows sealed = keys.seal(ROOM, ALICE, FREE);
        fixture.given(RoomFixtures.open(ROOM, keys))
               .when(new SubmitWindows(ROOM, sealed), by(ALICE))
               .expectEvents(new WindowsSubmitted(ROOM, ALICE, sealed, 1, T0));
        assertThat(opener.opened).isEqualTo(1);
    }

    @Test
    void aProposalRefusedBeforeEveryoneSubmittedOpensNothing() {
        keys.create(ROOM);
        fixture.given(RoomFixtures.open(ROOM, keys))
               .when(new ProposeSlot(ROOM, keys.sealSlot(ROOM, BOB, new TimeWindow(
                       Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T11:00:00Z")))), by(BOB))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("not everyone has submitted windows in room " + ROOM + " yet");
        assertThat(opener.opened).isZero();
    }

    @Test
    void aRoomStillOpenKeepsItsKey() {
        keys.create(ROOM);
        fixture.given(RoomFixtures.open(ROOM, keys))
               .when(new ShredRoomData(ROOM))
               .expectException(CoordinationRefused.class)
               .expectNoEvents();
        assertThat(keys.find(ROOM)).isPresent();
    }

    @Test
    void anEndedRoomLosesItsKeyOnceShredded() {
        keys.create(ROOM);
        List<Object> ended = new ArrayList<>(RoomFixtures.open(ROOM, keys));
        ended.add(new CoordinationExpired(ROOM, T0.plus(Duration.ofHours(48))));
        fixture.given(ended)
               .when(new ShredRoomData(ROOM))
               .expectEvents(new CoordinationDataShredded(ROOM, T0));
        assertThat(keys.find(ROOM)).isEmpty();
    }

    /** A room whose key was given up with its KEK (docs/security.md) refuses what needs its windows, with the reason. */
    @Test
    void anOpenRoomWhoseKeyIsGoneRefusesWhatNeedsItsWindows() {
        keys.create(ROOM);
        SealedWindows sealed = keys.seal(ROOM, ALICE, FREE);
        List<Object> submitted = new ArrayList<>(RoomFixtures.open(ROOM, keys));
        keys.destroy(ROOM);
        fixture.given(submitted)
               .when(new SubmitWindows(ROOM, sealed), by(ALICE))
               .expectException(CoordinationRefused.class)
               .expectExceptionMessage("room " + ROOM + "'s key is gone, and with it every window shared in it:"
                       + " nothing can be decided on them any more — start a new room")
               .expectNoEvents();
    }

    /** The real opener, counting what it is asked to open. */
    private static final class CountingOpener extends WindowOpener {

        int opened;

        CountingOpener(InMemoryRoomKeys keys) {
            super(keys);
        }

        @Override
        public List<TimeWindow> open(CoordinationId room, UserId participant, SealedWindows sealed) {
            opened++;
            return super.open(room, participant, sealed);
        }
    }
}
