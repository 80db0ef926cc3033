package io.enclavesuite.write.axon;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one thread a write service takes its aggregates' snapshots on, one after the other. Its queue needs no bound:
 * Axon's snapshotter schedules at most one snapshot per aggregate at a time, so it never holds more tasks than there
 * are aggregates. A snapshot still queued when the service stops is not taken; the next threshold schedules it again.
 * <p>
 * It hands out an {@link Executor} rather than being one: a bean of an Executor type would keep Spring Boot from
 * creating the application's own task executor.
 */
public final class SnapshotThread implements AutoCloseable {

    public static final String NAME = "aggregate-snapshots";

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread snapshots = new Thread(task, NAME);
        snapshots.setDaemon(true);
        return snapshots;
    });

    /** Runs each task on the snapshot thread, in the order given. */
    public Executor executor() {
        return thread::execute;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
