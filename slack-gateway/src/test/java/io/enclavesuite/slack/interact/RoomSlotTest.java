package io.enclavesuite.slack.interact;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RoomSlotTest {

    @Test
    void aSlotSurvivesTheRoundTripThroughAButton() {
        RoomSlot slot = new RoomSlot(CoordinationId.random(), new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
                Instant.parse("2026-12-01T09:30:00Z"), Confidence.LOW));

        assertThat(RoomSlot.parse(slot.value())).hasValue(slot);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "room-x 2026-12-01T09:00:00Z 2026-12-01T09:30:00Z",
            "room-0b1c2d3e-0000-4000-8000-000000000001 yesterday 2026-12-01T09:30:00Z",
            "room-0b1c2d3e-0000-4000-8000-000000000001 2026-12-01T09:30:00Z 2026-12-01T09:00:00Z",
            "room-0b1c2d3e-0000-4000-8000-000000000001 2026-12-01T09:00:00Z 2026-12-01T09:30:00Z certain",
            "room-0b1c2d3e-0000-4000-8000-000000000001 2026-12-01T09:00:00Z 2026-12-01T09:30:00Z high extra"})
    void anythingElseIsNoSlot(String value) {
        assertThat(RoomSlot.parse(value)).isEmpty();
    }

    @Test
    void aRoomAloneIsARoomIdOrNothing() {
        assertThat(RoomSlot.room("room-0b1c2d3e-0000-4000-8000-000000000001")).isPresent();
        assertThat(RoomSlot.room("growth")).isEmpty();
        assertThat(RoomSlot.room(null)).isEmpty();
    }
}
