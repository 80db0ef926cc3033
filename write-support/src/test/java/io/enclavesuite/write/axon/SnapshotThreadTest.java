package io.enclavesuite.write.axon;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
        ManualTime time = new ManualTime();
        long t0 = time.nanoTime();
        try (SnapshotThread snapshots = new SnapshotThread(10, time)) {
            List<Long> starts = runAndRecordStarts(snapshots, time, 3);

            // ten a second: the first at once, the next two 100 ms apart, each when its slot has come
            assertThat(starts).containsExactly(t0, t0 + millis(100), t0 + millis(200));
            assertThat(time.parks()).containsExactly(millis(100), millis(100));
        }
    }

    @Test
    void aWaitThatEndsEarlyDoesNotStartASnapshotBeforeItsSlot() throws Exception {
        ManualTime time = new ManualTime().everyOtherParkReturningAtOnce(); // parkNanos may return spuriously
        long t0 = time.nanoTime();
        try (SnapshotThread snapshots = new SnapshotThread(10, time)) {
            List<Long> starts = runAndRecordStarts(snapshots, time, 3);

            assertThat(starts).containsExactly(t0, t0 + millis(100), t0 + millis(200));
            assertThat(time.parks()).containsExactly(millis(100), millis(100), millis(100), millis(100));
        }
    }

    @Test
    void aSlowSnapshotIsNotMadeUpForWithABurst() throws Exception {
        ManualTime time = new ManualTime();
        long t0 = time.nanoTime();
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        try (SnapshotThread snapshots = new SnapshotThread(10, time)) {
            snapshots.executor().execute(() -> {
                starts.add(time.nanoTime());
                time.advance(millis(250)); // this one takes two and a half slots
                done.countDown();
            });
            for (int i = 0; i < 2; i++) {
                snapshots.executor().execute(() -> {
                    starts.add(time.nanoTime());
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        // the second starts as soon as the first is done, its slot long past; the third keeps its distance from it
        assertThat(starts).containsExactly(t0, t0 + millis(250), t0 + millis(350));
    }

    @Test
    void afterAQuietSpellTheNextBurstIsSpreadAgain() throws Exception {
        ManualTime time = new ManualTime();
        try (SnapshotThread snapshots = new SnapshotThread(10, time)) {
            runAndRecordStarts(snapshots, time, 1);
            time.advance(TimeUnit.SECONDS.toNanos(10)); // nothing to snapshot for ten seconds: no credit saved up
            long later = time.nanoTime();

            List<Long> starts = runAndRecordStarts(snapshots, time, 3);

            assertThat(starts).containsExactly(later, later + millis(100), later + millis(200));
        }
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

    /** Hands the thread {@code count} snapshots at once and returns when each started, by the thread's time. */
    private static List<Long> runAndRecordStarts(SnapshotThread snapshots, ManualTime time, int count)
            throws InterruptedException {
        List<Long> starts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            snapshots.executor().execute(() -> {
                starts.add(time.nanoTime());
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        return starts;
    }

    private static long millis(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Time that passes only when told: a park lasts exactly as long as asked (or, if so set, every other park
     * returns at once, as {@code parkNanos} may), and a snapshot may say it took a while.
     */
    private static final class ManualTime implements SnapshotThread.Pacing {
        private final AtomicLong now = new AtomicLong(123_456_789L); // any origin: nanoTime has no meaning of its own
        private final List<Long> parks = new CopyOnWriteArrayList<>();
        private boolean spurious;

        ManualTime everyOtherParkReturningAtOnce() {
            spurious = true;
            return this;
        }

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void parkNanos(long nanos) {
            parks.add(nanos);
            if (!(spurious && parks.size() % 2 == 1)) {
                now.addAndGet(nanos);
            }
        }

        void advance(long nanos) {
            now.addAndGet(nanos);
        }

        List<Long> parks() {
            return List.copyOf(parks);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
