package io.enclavesuite.write.axon;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotThreadTest {

    @Test
    void snapshotsAreTakenOneAfterTheOtherOnTheirOwnThreadNotTheCallers() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(3);
        try (SnapshotThread snapshots = new SnapshotThread(1_000)) {
            snapshots.executor().execute(() -> {
                awaitQuietly(release);
                ran.add("first on " + Thread.currentThread().getName());
                done.countDown();
            });
            snapshots.executor().execute(() -> {
                ran.add("second on " + Thread.currentThread().getName());
                done.countDown();
            });
            snapshots.executor().execute(() -> {
                ran.add("third on " + Thread.currentThread().getName());
                done.countDown();
            });
            // the caller (a command's thread) went on while the first snapshot was still being taken
            assertThat(ran).isEmpty();
            release.countDown();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ran).containsExactly("first on aggregate-snapshots", "second on aggregate-snapshots",
                "third on aggregate-snapshots");
    }

    @Test
    void aBurstOfSnapshotsIsSpreadAtTheConfiguredRate() throws Exception {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        try (SnapshotThread snapshots = new SnapshotThread(10)) {
            for (int i = 0; i < 3; i++) {
                snapshots.executor().execute(() -> {
                    starts.add(System.nanoTime());
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        // ten a second: the three start 100 ms apart, the first at once. The thread spaces its slots; a task reads the
        // clock a little after its slot began (0.2 ms late once on a loaded CI machine), so allow that much.
        long spacing = TimeUnit.MILLISECONDS.toNanos(100) - TimeUnit.MILLISECONDS.toNanos(5);
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(spacing);
        assertThat(starts.get(2) - starts.get(1)).isGreaterThanOrEqualTo(spacing);
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new SnapshotThread(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }

    @Test
    void afterTheServiceStopsNoSnapshotIsTaken() {
        SnapshotThread snapshots = new SnapshotThread(1_000);
        snapshots.close();
        // Axon's snapshotter then forgets that snapshot; the aggregate's next threshold schedules it again
        assertThatThrownBy(() -> snapshots.executor().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
