package io.enclavesuite.coordination.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.Authorization;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationOpened;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.CoordinationType;
import io.enclavesuite.api.coordination.IssueRoomReceipt;
import io.enclavesuite.api.coordination.MeetingDuration;
import io.enclavesuite.api.coordination.ParticipationAuthorized;
import io.enclavesuite.api.coordination.Purpose;
import io.enclavesuite.api.coordination.SearchRange;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.receipt.ReceiptIssued;
import io.enclavesuite.coordination.sealing.InMemoryRoomKeys;
import io.enclavesuite.coordination.sealing.WindowSealer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A room's receipt: recorded once, and only for a resolved room. */
class CoordinationReceiptTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000bb");
    private static final UserId ALICE = UserId.of("U0ALICE");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final UserId CAROL = UserId.of("U0CAROL");
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));
    private static final TimeWindow SLOT = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"));
    private static final JsonNode RECEIPT = EnclaveJson.mapper().createObjectNode().put("receiptId", "receipt-1");

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

    private static List<Object> resolved() {
        return List.of(new CoordinationCreated(ROOM, CoordinationType.MEETING_SYNC, new Purpose("Q1 planning"), ALICE,
                        List.of(ALICE, BOB, CAROL), MeetingDuration.ofMinutes(60),
                        new SearchRange(Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-12-04T18:00:00Z")),
                        T0.plus(Duration.ofHours(48)), null, T0),
                new ParticipationAuthorized(ROOM, ALICE, Authorization.AUTO_EXECUTED, "initiator", T0),
                new ParticipationAuthorized(ROOM, BOB, Authorization.APPROVED, null, T0),
                new ParticipationAuthorized(ROOM, CAROL, Authorization.APPROVED, null, T0),
                new CoordinationOpened(ROOM, T0),
                new CoordinationResolved(ROOM, SLOT, T0));
    }

    @Test
    void aResolvedRoomRecordsItsReceiptForEveryParticipant() {
        fixture.given(resolved())
                .when(new IssueRoomReceipt(ROOM, "receipt-1", RECEIPT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReceiptIssued("coordination", ROOM.value(), "receipt-1",
                        List.of("U0ALICE", "U0BOB", "U0CAROL"), RECEIPT, T1));
    }

    @Test
    void aSecondReceiptChangesNothing() {
        List<Object> history = new java.util.ArrayList<>(resolved());
        history.add(new ReceiptIssued("coordination", ROOM.value(), "receipt-1", List.of("U0ALICE"), RECEIPT, T1));
        fixture.given(history)
                .when(new IssueRoomReceipt(ROOM, "receipt-1", RECEIPT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRoomThatDidNotResolveGetsNoReceipt() {
        List<Object> history = new java.util.ArrayList<>(resolved().subList(0, 5));
        history.add(new CoordinationExpired(ROOM, T0.plus(Duration.ofHours(48))));
        fixture.given(history)
                .when(new IssueRoomReceipt(ROOM, "receipt-1", RECEIPT))
                .expectException(CoordinationRefused.class)
                .expectExceptionMessage("room " + ROOM + " is expired: only a resolved room gets a receipt")
                .expectNoEvents();
    }
}
