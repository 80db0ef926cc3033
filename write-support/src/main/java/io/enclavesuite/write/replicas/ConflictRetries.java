package io.enclavesuite.write.replicas;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The command gateway's retry: a command whose events lost the race for their aggregate's next sequence number
 * (another replica appended first: Axon's {@link ConcurrencyException}) is sent again, up to
 * {@code enclave.replicas.conflict-retries} times after a short, doubling, jittered wait. The failed attempt rolled back
 * whole — its events, its {@code processed_command} row — and evicted the aggregate from the cache, so the retry
 * decides on the stored state. Nothing else is retried here: a refusal stays a refusal.
 * <p>
 * A command sent from inside another unit of work (a saga's, a deadline's) is never retried here: its events are
 * appended when that unit of work commits, so a collision fails the saga's or the deadline's whole transaction, and
 * their own retry (the processor's, db-scheduler's) runs it again.
 */
public final class ConflictRetries implements RetryScheduler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConflictRetries.class);

    private final int retries;
    private final Duration backoff;
    private final ScheduledExecutorService executor;
    private final Predicate<CommandMessage<?>> alsoConflicts;

    public ConflictRetries(int retries, Duration backoff) {
        this(retries, backoff, command -> false);
    }

    /**
     * @param alsoConflicts a command whose failure is a conflict though not a {@link ConcurrencyException}: a creation
     *                      that assumed its aggregate new and met a stored one
     */
    public ConflictRetries(int retries, Duration backoff, Predicate<CommandMessage<?>> alsoConflicts) {
        this.retries = retries;
        this.alsoConflicts = alsoConflicts;
        this.backoff = backoff;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "command-conflict-retry");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures,
                                 Runnable dispatchTask) {
        if (!(isConflict(lastFailure) || alsoConflicts.test(commandMessage)) || CurrentUnitOfWork.isStarted()
                || failures.size() > retries) {
            return false;
        }
        long base = backoff.toMillis() << Math.min(failures.size() - 1, 16);
        long wait = base + ThreadLocalRandom.current().nextLong(base + 1); // two replicas do not collide again in step
        log.info("{} {} lost the race for its aggregate's next sequence number; trying again in {} ms ({} of {})",
                commandMessage.getPayloadType().getSimpleName(), commandMessage.getIdentifier(), wait,
                failures.size(), retries);
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try {
            executor.schedule(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    dispatchTask.run();
                } finally {
                    MDC.clear();
                }
            }, wait, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // closing: the failure goes back to the sender
        }
    }

    /** A sequence collision anywhere in the failure's causes. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
