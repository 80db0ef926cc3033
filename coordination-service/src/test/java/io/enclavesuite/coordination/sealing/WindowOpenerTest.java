package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.RoomPublicKey;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowOpenerTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-000000000001");
    private static final CoordinationId OTHER_ROOM = CoordinationId.of("room-00000000-0000-0000-0000-000000000002");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.MEDIUM));

    private final InMemoryRoomKeys keys = new InMemoryRoomKeys();
    private final WindowOpener opener = new WindowOpener(keys);

    @Test
    void windowsTheSenderSealedToTheRoomOpenWithItsKeyAndShowNothingInClear() {
        RoomPublicKey roomKey = keys.create(ROOM);

        SealedWindows sealed = RoomSeals.sealWindows(roomKey.value(), ROOM, BOB, WINDOWS);

        assertThat(new String(Base64.getUrlDecoder().decode(sealed.value()))).doesNotContain("2026", "medium");
        assertThat(opener.open(ROOM, BOB, sealed)).isEqualTo(WINDOWS);
        assertThat(RoomSeals.sealWindows(roomKey.value(), ROOM, BOB, WINDOWS)).as("a fresh encapsulation each time")
                .isNotEqualTo(sealed);
    }

    @Test
    void sealedWindowsCannotBeMovedToAnotherPersonOrRoom() {
        SealedWindows sealed = keys.seal(ROOM, BOB, WINDOWS);
        keys.create(OTHER_ROOM);

        assertThatThrownBy(() -> opener.open(ROOM, UserId.of("U0EVE"), sealed))
                .isInstanceOf(RoomSeals.NotSealedToThisRoom.class).hasMessageNotContaining("2026");
        assertThatThrownBy(() -> opener.open(OTHER_ROOM, BOB, sealed)).isInstanceOf(RoomSeals.NotSealedToThisRoom.class);
    }

    @Test
    void onceTheKeyIsDestroyedTheWindowsAreGoneForGood() {
        SealedWindows sealed = keys.seal(ROOM, BOB, WINDOWS);

        keys.destroy(ROOM);
        keys.create(ROOM); // a new key for the same room opens nothing sealed to the old one

        assertThatThrownBy(() -> opener.open(ROOM, BOB, sealed)).isInstanceOf(RoomSeals.NotSealedToThisRoom.class);
        keys.destroy(ROOM);
        assertThatThrownBy(() -> opener.open(ROOM, BOB, sealed)).isInstanceOf(WindowOpener.WindowsShredded.class);
    }
}
