package io.enclavesuite.slack.interact;

import io.enclavesuite.api.coordination.CoordinationId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSlotTest {

    @Test
    void aProposalSurvivesTheRoundTripThroughAButtonAsItsRoomAndNumberOnly() {
        CoordinationId room = CoordinationId.random();
        RoomSlot slot = new RoomSlot(room, 2);

        assertThat(slot.value()).isEqualTo(room.value() + " 2");
        assertThat(RoomSlot.parse(slot.value())).hasValue(slot);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "room-x 1", "room-0b1c2d3e-0000-4000-8000-000000000001",
            "room-0b1c2d3e-0000-4000-8000-000000000001 0",
            "room-0b1c2d3e-0000-4000-8000-000000000001 -1",
            "room-0b1c2d3e-0000-4000-8000-000000000001 01",
            "room-0b1c2d3e-0000-4000-8000-000000000001 two",
            "room-0b1c2d3e-0000-4000-8000-000000000001 9999999999",
            "room-0b1c2d3e-0000-4000-8000-000000000001 1 2",
            // a button from before proposals were numbered carried the times: no longer a proposal
            "room-0b1c2d3e-0000-4000-8000-000000000001 2026-12-01T09:00:00Z 2026-12-01T09:30:00Z high"})
    void anythingElseIsNoProposal(String value) {
        assertThat(RoomSlot.parse(value)).isEmpty();
    }

    @Test
    void aRoomAloneIsARoomIdOrNothing() {
        assertThat(RoomSlot.room("room-0b1c2d3e-0000-4000-8000-000000000001")).isPresent();
        assertThat(RoomSlot.room("growth")).isEmpty();
        assertThat(RoomSlot.room(null)).isEmpty();
    }
}
