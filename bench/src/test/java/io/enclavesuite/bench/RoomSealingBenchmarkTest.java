package io.enclavesuite.bench;

import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Not a timing test: both sides of the comparison must round-trip the room, and the check must notice when not. */
class RoomSealingBenchmarkTest {

    @Test
    void bothSealersGiveBackEveryParticipantsWindows() {
        Map<UserId, List<TimeWindow>> room = RoomSealingBenchmark.room(20, 50);
        RoomSeals.RoomKeyPair key = RoomSeals.generate();
        RoomSealingBenchmark.ServerSideAesGcm baseline = new RoomSealingBenchmark.ServerSideAesGcm();

        assertThat(room).hasSize(20).allSatisfy((participant, windows) -> assertThat(windows).hasSize(50));
        RoomSealingBenchmark.check(room, RoomSealingBenchmark.openAll(room, key, RoomSealingBenchmark.sealAll(room, key)), "HPKE");
        room.forEach((participant, windows) ->
                assertThat(baseline.open(participant, baseline.seal(participant, windows))).isEqualTo(windows));
        UserId first = room.keySet().iterator().next();
        assertThatThrownBy(() -> baseline.open(UserId.of("U0SOMEONEELSE"), baseline.seal(first, room.get(first))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theCheckNoticesAWindowThatCameBackDifferent() {
        Map<UserId, List<TimeWindow>> room = RoomSealingBenchmark.room(3, 5);
        List<List<TimeWindow>> opened = new ArrayList<>();
        room.values().forEach(windows -> opened.add(new ArrayList<>(windows)));
        TimeWindow last = opened.get(2).get(4);
        opened.get(2).set(4, new TimeWindow(last.start(), last.end().plus(Duration.ofMinutes(1)), last.confidence()));

        assertThatThrownBy(() -> RoomSealingBenchmark.check(room, opened, "HPKE")).isInstanceOf(IllegalStateException.class);
    }
}
