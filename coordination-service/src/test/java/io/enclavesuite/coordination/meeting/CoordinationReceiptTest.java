package io.enclavesuite.coordination.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationExpired;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.CoordinationResolved;
import io.enclavesuite.api.coordination.IssueRoomReceipt;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.receipt.ReceiptIssued;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.enclavesuite.coordination.meeting.RoomFixtures.T0;

/** A room's receipt: recorded once, and only for a resolved room. */
class CoordinationReceiptTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-0000000000bb");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));
    private static final TimeWindow SLOT = new TimeWindow(Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"));
    private static final JsonNode RECEIPT = EnclaveJson.mapper().createObjectNode().put("receiptId", "receipt-1");

    private AggregateTestFixture<Coordination> fixture;

    @BeforeEach
    void setUp() {
        fixture = RoomFixtures.fixture(T1);
    }

    private static List<Object> resolved() {
        List<Object> history = RoomFixtures.open(ROOM);
        history.add(new CoordinationResolved(ROOM, SLOT, T0));
        return history;
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
