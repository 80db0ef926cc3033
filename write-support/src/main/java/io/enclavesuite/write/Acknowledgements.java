package io.enclavesuite.write;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waits for records sent to Kafka together — the intake's answers of a poll, the publisher's events of a batch — all
 * within one timeout, in the order they were sent. The first that fails ends the wait: every record before it is
 * acknowledged, and the caller says what that failure means.
 */
public final class Acknowledgements {

    public enum Failure {
        /** Kafka answered with an error (the cause is the {@link ExecutionException}). */
        REFUSED,
        /** The timeout passed first. */
        TIMED_OUT,
        /** The waiting thread was interrupted (its flag is set again). */
        INTERRUPTED
    }

    /** What to throw for the record at {@code index}, the first that was not acknowledged. */
    @FunctionalInterface
    public interface OnFailure {
        RuntimeException thrown(int index, Failure failure, Exception cause);
    }

    private Acknowledgements() {
    }

    public static <T> void awaitAll(List<T> sent, Function<T, Future<?>> acknowledgement, Duration timeout,
                                    OnFailure onFailure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                acknowledgement.apply(sent.get(i)).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw onFailure.thrown(i, Failure.INTERRUPTED, e);
            } catch (ExecutionException e) {
                throw onFailure.thrown(i, Failure.REFUSED, e);
            } catch (TimeoutException e) {
                throw onFailure.thrown(i, Failure.TIMED_OUT, e);
            }
        }
    }
}
