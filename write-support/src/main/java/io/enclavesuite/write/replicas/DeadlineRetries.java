package io.enclavesuite.write.replicas;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Axon's deadline task for db-scheduler, run as Axon's own ({@link DbSchedulerDeadlineManager#binaryTask}), with a
 * failure handler of our own: an execution whose unit of work failed is due again after 1 s, doubling up to 5 min.
 * Axon's task keeps db-scheduler's default, a flat 5 min, which made a deadline that collided with another replica's
 * append — or met the database restarting — wait five minutes to be tried again.
 * <p>
 * db-scheduler gives each due execution to one scheduler (it marks the row picked, guarded by its version), so a
 * deadline fires on one replica; one whose replica died while running it is revived after the missed heartbeats
 * ({@code db-scheduler.heartbeat-interval}, six of them) and fires again — at least once, as the saga's steps allow.
 */
public final class DeadlineRetries {

    /** Axon's name for the task ({@code DbSchedulerDeadlineToken.TASK_NAME}, package-private there). */
    static final String TASK_NAME = "AxonDeadline";
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private DeadlineRetries() {
    }

    public static Task<DbSchedulerBinaryDeadlineDetails> task(Supplier<DbSchedulerDeadlineManager> manager) {
        Task<DbSchedulerBinaryDeadlineDetails> axon = DbSchedulerDeadlineManager.binaryTask(manager);
        return Tasks.oneTime(TASK_NAME, DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new CappedBackoff<>())
                .execute((instance, context) -> axon.execute(instance, context));
    }

    /** The wait after the n-th failure in a row: 1 s, 2 s, 4 s, … up to 5 min. */
    static Duration waitAfter(int consecutiveFailures) {
        int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 16));
        Duration wait = FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
    }

    private static final class CappedBackoff<T> implements FailureHandler<T> {

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
            int failures = complete.getExecution().consecutiveFailures + 1;
            operations.reschedule(complete, complete.getTimeDone().plus(waitAfter(failures)));
        }
    }
}
