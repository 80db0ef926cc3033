package io.enclavesuite.command.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent writes of one provisioning side by side — the guardrail objects of a namespace, the enclave's
 * database beside its namespace — so a provisioning takes as long as its slowest write rather than their sum, and a
 * saga thread is free again sooner. Each call waits for every write it started, whether or not one failed, so no
 * write outlives the saga step that made it; the first failure is thrown with the others suppressed.
 */
public final class ConcurrentWrites implements AutoCloseable {

    private final ExecutorService executor;

    private ConcurrentWrites(ExecutorService executor) {
        this.executor = executor;
    }

    /** Up to {@code threads} writes at once across every caller. */
    public static ConcurrentWrites withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread for concurrent writes, not " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = task -> {
            Thread thread = new Thread(task, "provisioning-write-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ConcurrentWrites(Executors.newFixedThreadPool(threads, daemons));
    }

    /** One write after the other, on the caller's thread. */
    public static ConcurrentWrites sequential() {
        return new ConcurrentWrites(null);
    }

    /** Starts {@code write}; {@link Pending#await()} waits for it and throws what it threw. */
    public Pending start(Runnable write) {
        if (executor == null) {
            try {
                write.run();
                return Pending.DONE;
            } catch (RuntimeException e) {
                return () -> {
                    throw e;
                };
            }
        }
        CompletableFuture<Void> future = CompletableFuture.runAsync(write, executor);
        return () -> {
            try {
                future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        };
    }

    /** Runs every write, waits for all of them, and throws the first failure (others suppressed). */
    public void all(List<Runnable> writes) {
        List<Pending> pending = new ArrayList<>(writes.size());
        for (Runnable write : writes) {
            pending.add(start(write));
        }
        RuntimeException failure = null;
        for (Pending write : pending) {
            try {
                write.await();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A write started and not yet waited for. */
    @FunctionalInterface
    public interface Pending {
        Pending DONE = () -> { };

        /** Waits for the write; throws what it threw. */
        void await();
    }
}
