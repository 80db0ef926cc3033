package io.enclavesuite.coordination.meeting;

import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowOpener;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A room of Alice (initiator), Bob and Carol, and a fixture with everything the Coordination aggregate is handed —
 * and the {@link RoomKeyCommands} around it, so a command reaches the room as it does in the service.
 */
final class RoomFixtures {

    static final UserId ALICE = UserId.of("U0ALICE");
    static final UserId BOB = UserId.of("U0BOB");
    static final UserId CAROL = UserId.of("U0CAROL");
    static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    /** Rooms whose initiator's count is not under test (InitiatorRooms is, in AgentPolicyTest). */
    static final Initiators UNCOUNTED = (initiator, room, now, roomsPerHour) -> { };

    /** The rooms' keys, as their participants' agents and the service hold them. */
    static final InMemoryRoomKeys KEYS = new InMemoryRoomKeys();

    static AggregateTestFixture<Coordination> fixture(Instant now) {
        InMemoryRoomKeys keys = KEYS;
        AggregateTestFixture<Coordination> fixture = new AggregateTestFixture<>(Coordination.class);
        fixture.registerInjectableResource(Clock.fixed(now, ZoneOffset.UTC));
        fixture.registerInjectableResource(CoordinationLimits.DEFAULTS);
        fixture.registerInjectableResource(new OverlapEngine());
        fixture.registerInjectableResource(UNCOUNTED);
        fixture.registerAnnotatedCommandHandler(
                new RoomKeyCommands(fixture.getRepository(), keys, new WindowOpener(keys)));
        return fixture;
    }

    /** Created, everyone authorized (Bob and Carol approved), open; a list to add to. */
    static List<Object> open(CoordinationId room) {
        return open(room, KEYS);
    }

    /** The same, with the key of {@code keys}. */
    static List<Object> open(CoordinationId room, InMemoryRoomKeys keys) {
        return new ArrayList<>(List.of(new CoordinationCreated(room, CoordinationType.MEETING_SYNC,
                        new Purpose("Q1 planning"), ALICE, List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(60),
                        new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                        T0.plus(Duration.ofHours(48)), null, T0, keys.create(room)),
                new ParticipationAuthorized(room, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                new ParticipationAuthorized(room, BOB, Authorization.APPROVED, null, T0),
                new ParticipationAuthorized(room, CAROL, Authorization.APPROVED, null, T0),
                new CoordinationOpened(room, T0, keys.create(room))));
    }

    private RoomFixtures() {
    }
}
