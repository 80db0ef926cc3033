package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import org.axonframework.deadline.DeadlineManager;
import org.slf4j.LoggerFactory;

/**
 * How every saga here retries a step: a failure counts an attempt, and while the policy allows another the step is
 * tried again on a persistent deadline (so the retry survives a restart) with the policy's backoff — one pending
 * retry covers further failures until it is due. After the last try the saga gives up its own way; a saga that
 * must not give up passes none and keeps retrying at the capped backoff.
 * <p>
 * The two fields are the saga's stored state under the names the sagas have always stored them (Jackson, by field).
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public abstract class RetryingSaga {

    /** Tries that failed since the saga last started over. */
    protected int failedAttempts;
    /** A retry deadline is pending. */
    protected boolean retryScheduled;

    /** What a saga's retries go by: its name in {@link SagaSteps}, its deadline's name, and the injected helpers. */
    public record Retrying(String saga, String deadline, ProvisioningRetryPolicy policy, DeadlineManager deadlines,
                           SagaSteps steps) {
    }

    /** The payload of a retry deadline; the handlers take any payload, a stored one naming its class. */
    public record RetryDue(int attempt) {
    }

    /** What a saga does after the last try, knowing why the step failed. */
    @FunctionalInterface
    protected interface GiveUp {
        void after(String reason, RuntimeException cause);
    }

    /** Counts a step that took effect; the saga says when, as a step may also wait or end the saga. */
    protected final void succeeded(Retrying retrying, String step) {
        retrying.steps().record(retrying.saga(), step, Outcome.SUCCEEDED);
    }

    /**
     * Tries a step ({@code doing}, e.g. "creating the bucket"): true when it ran through, false when it failed and
     * is retried on the deadline or, after the last try, given up through {@code giveUp} (never, when null).
     */
    protected final boolean attempt(Retrying retrying, String step, String doing, Runnable action, GiveUp giveUp) {
        try {
            action.run();
            return true;
        } catch (RuntimeException e) {
            failed(retrying, step, doing + " failed: " + e.getMessage(), e, giveUp);
            return false;
        }
    }

    private void failed(Retrying retrying, String step, String reason, RuntimeException cause, GiveUp giveUp) {
        failedAttempts++;
        ProvisioningRetryPolicy policy = retrying.policy();
        if (giveUp != null && policy.exhausted(failedAttempts)) {
            retrying.steps().record(retrying.saga(), step, Outcome.GAVE_UP);
            LoggerFactory.getLogger(getClass()).warn("{} (gave up after {} attempts)", reason, failedAttempts);
            giveUp.after(reason, cause);
            return;
        }
        retrying.steps().record(retrying.saga(), step, Outcome.RETRY_SCHEDULED);
        if (!retryScheduled) {
            LoggerFactory.getLogger(getClass()).warn("{} (attempt {}{}); retrying", reason, failedAttempts,
                    giveUp == null ? "" : " of " + policy.maxAttempts());
            retryScheduled = true;
            retrying.deadlines().schedule(policy.backoffAfter(failedAttempts), retrying.deadline(),
                    new RetryDue(failedAttempts + 1));
        }
    }

    /** From the saga's deadline handler: the pending retry is being tried. */
    protected final void retryDue() {
        retryScheduled = false;
    }
}
