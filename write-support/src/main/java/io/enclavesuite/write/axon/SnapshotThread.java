package io.enclavesuite.write.axon;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread a write service takes its aggregates' snapshots on, one after the other and at most
 * {@code perSecond} a second. A snapshot replays the aggregate's events since the last one; when many aggregates cross
 * the threshold together (600 enclaves within a second on the bench), taking their snapshots at once took the CPU
 * from the commands. A snapshot only makes a later load cheaper, so it can wait.
 * <p>
 * Its queue needs no bound: Axon's snapshotter schedules at most one snapshot per aggregate at a time, so it never
 * holds more tasks than there are aggregates. A snapshot still queued when the service stops is not taken; the
 * aggregate's next threshold schedules it again. It hands out an {@link Executor} rather than being one: a bean of
 * an Executor type would keep Spring Boot from creating the application's own task executor.
 */
public final class SnapshotThread implements AutoCloseable {

    public static final String NAME = "aggregate-snapshots";

    /** The time the spacing is measured in, and how the thread waits for it to pass. */
    interface Pacing {
        Pacing SYSTEM = new Pacing() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };

        long nanoTime();

        /** Waits up to {@code nanos}; may return early, as {@link LockSupport#parkNanos(long)} may. */
        void parkNanos(long nanos);
    }

    private final long spacingNanos;
    private final Pacing pacing;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread snapshots = new Thread(task, NAME);
        snapshots.setDaemon(true);
        return snapshots;
    });
    /** When the next snapshot may start; read and written on the snapshot thread only. */
    private long nextStart;

    public SnapshotThread(double perSecond) {
        this(perSecond, Pacing.SYSTEM);
    }

    SnapshotThread(double perSecond, Pacing pacing) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("snapshots per second must be positive, not " + perSecond);
        }
        this.spacingNanos = (long) (1_000_000_000L / perSecond);
        this.pacing = pacing;
        this.nextStart = pacing.nanoTime();
    }

    /** Runs each task on the snapshot thread, in the order given, spaced as configured. */
    public Executor executor() {
        return task -> thread.execute(() -> {
            // parkNanos may return early (spuriously): wait until the slot has come, unless shutting down
            for (long wait = nextStart - pacing.nanoTime(); wait > 0 && !Thread.currentThread().isInterrupted();
                 wait = nextStart - pacing.nanoTime()) {
                pacing.parkNanos(wait);
            }
            nextStart = Math.max(nextStart, pacing.nanoTime()) + spacingNanos;
            task.run();
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
