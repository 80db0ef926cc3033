package io.enclavesuite.coordination.sealing;

import io.enclavesuite.api.coordination.Confidence;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.SealedWindows;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowSealerTest {

    private static final CoordinationId ROOM = CoordinationId.of("room-00000000-0000-0000-0000-000000000001");
    private static final CoordinationId OTHER_ROOM = CoordinationId.of("room-00000000-0000-0000-0000-000000000002");
    private static final UserId BOB = UserId.of("U0BOB");
    private static final List<TimeWindow> WINDOWS = List.of(new TimeWindow(Instant.parse("2026-12-01T09:00:00Z"),
            Instant.parse("2026-12-01T11:00:00Z"), Confidence.MEDIUM));

    private final InMemoryRoomKeys keys = new InMemoryRoomKeys();
    private final WindowSealer sealer = new WindowSealer(keys);

    @Test
    void sealedWindowsOpenWithTheRoomsKeyAndShowNothingInClear() {
        keys.create(ROOM);

        SealedWindows sealed = sealer.seal(ROOM, BOB, WINDOWS);

        assertThat(new String(Base64.getUrlDecoder().decode(sealed.value()))).doesNotContain("2026", "medium");
        assertThat(sealer.unseal(ROOM, BOB, sealed)).isEqualTo(WINDOWS);
        assertThat(sealer.seal(ROOM, BOB, WINDOWS)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void sealedWindowsCannotBeMovedToAnotherPersonOrRoom() {
        keys.create(ROOM);
        keys.create(OTHER_ROOM);
        SealedWindows sealed = sealer.seal(ROOM, BOB, WINDOWS);

        assertThatThrownBy(() -> sealer.unseal(ROOM, UserId.of("U0EVE"), sealed)).hasMessageContaining("do not open");
        assertThatThrownBy(() -> sealer.unseal(OTHER_ROOM, BOB, sealed)).hasMessageContaining("do not open");
    }

    @Test
    void onceTheKeyIsDestroyedTheWindowsAreGoneForGood() {
        keys.create(ROOM);
        SealedWindows sealed = sealer.seal(ROOM, BOB, WINDOWS);

        keys.destroy(ROOM);
        keys.create(ROOM); // a new key for the same room opens nothing sealed under the old one

        assertThatThrownBy(() -> sealer.unseal(ROOM, BOB, sealed)).hasMessageContaining("do not open");
        keys.destroy(ROOM);
        assertThatThrownBy(() -> sealer.unseal(ROOM, BOB, sealed)).isInstanceOf(WindowSealer.WindowsShredded.class);
    }
}
