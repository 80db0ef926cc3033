package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.enclave.EnclaveLocks;
import io.enclavesuite.command.enclave.services.SharedServices;
import io.enclavesuite.command.kubernetes.EnclaveTeardown;
import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Takes a confirmed enclave apart in steps — stop its tentacles, delete its custom resources, what the suite made
 * and the namespace, wait until the namespace is gone, drop its database and its bucket — then records
 * EnclaveDeprovisioned with everything removed. Deprovisioning cannot be refused or undone, so a failing step
 * never gives up: it retries on a persistent deadline with backoff capped at the policy's maximum. Each step converges, so one repeated after a crash does no harm.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class DeprovisioningSaga extends RetryingSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "DeprovisioningSagaProcessor";
    static final String ASSOCIATION = "enclaveId";
    static final String STEP_DEADLINE = "deprovisioning-step";
    /** The saga as {@link SagaSteps} counts it; its steps are named after {@link Step}, e.g. {@code delete-namespace}. */
    static final String METRIC_NAME = "deprovisioning";
    /** How often the saga looks whether a terminating namespace is gone. */
    static final Duration GONE_POLL = Duration.ofSeconds(1);
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    enum Step {
        STOP_TENTACLES, REMOVE_CUSTOM_RESOURCES, DELETE_NAMESPACE, AWAIT_NAMESPACE_GONE, DROP_DATABASE, DROP_BUCKET,
        RECORD;

        String metricName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        Step next() {
            return values()[ordinal() + 1];
        }
    }

    private EnclaveId enclaveId;
    private Step step;
    private List<String> removed = new ArrayList<>();

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveDeprovisioningStarted event, EnclaveTeardown teardown, SharedServices services,
            CommandGateway commands, DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps,
            EnclaveLocks locks) {
        enclaveId = event.enclaveId();
        step = Step.STOP_TENTACLES;
        proceed(teardown, services, commands, locks,
                new Retrying(METRIC_NAME, STEP_DEADLINE, retry, deadlines, steps));
    }

    /** The payload of the deadline for the next look at the namespace (a retry's is {@link RetryDue}). */
    record StepDue(Step step) {
    }

    /** Takes any payload: one stored before the saga moved package names a class that is gone. */
    @DeadlineHandler(deadlineName = STEP_DEADLINE)
    void due(Object due, EnclaveTeardown teardown, SharedServices services, CommandGateway commands,
             DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps, EnclaveLocks locks) {
        retryDue();
        proceed(teardown, services, commands, locks,
                new Retrying(METRIC_NAME, STEP_DEADLINE, retry, deadlines, steps));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveDeprovisioned event) {
        // recorded: nothing left to do
    }

    /** Step after step until one fails (retried, never given up), waits for the namespace, or records the end. */
    private void proceed(EnclaveTeardown teardown, SharedServices services, CommandGateway commands,
                         EnclaveLocks locks, Retrying retrying) {
        Step current;
        do {
            current = step;
            Step taking = current;
            if (!attempt(retrying, taking.metricName(), "deprovisioning enclave '" + enclaveId + "' at " + taking,
                    () -> take(taking, teardown, services, commands, locks, retrying), null)) {
                return;
            }
        } while (step != current);
    }

    /** One step; {@link #step} moves on when it took effect, stays while the namespace is terminating or at the end. */
    private void take(Step current, EnclaveTeardown teardown, SharedServices services, CommandGateway commands,
                      EnclaveLocks locks, Retrying retrying) {
        switch (current) {
            case STOP_TENTACLES -> removed.addAll(teardown.stopTentacles(enclaveId));
            // the ClusterSPIFFEID is cluster-scoped: the namespace's deletion would leave it behind
            case REMOVE_CUSTOM_RESOURCES -> removed.addAll(services.onDemand().removeAll(enclaveId));
            // under the enclave's lock: a reconciler pass holding it has read the desired state afresh, and one after
            // reads that the enclave is being deprovisioned, so neither puts the namespace back
            case DELETE_NAMESPACE -> removed.addAll(locks.holding(enclaveId, () -> teardown.deleteNamespace(enclaveId)));
            case AWAIT_NAMESPACE_GONE -> {
                if (!teardown.namespaceGone(enclaveId)) {
                    retrying.steps().record(METRIC_NAME, current.metricName(), Outcome.WAITING);
                    retrying.deadlines().schedule(GONE_POLL, STEP_DEADLINE, new StepDue(current));
                    return;
                }
            }
            case DROP_DATABASE -> {
                // after the workloads are gone: nothing is connected any more
                services.databases().dropEnclaveDatabase(enclaveId);
                removed.add("Database/" + enclaveId.namespace());
            }
            case DROP_BUCKET -> services.storage().dropBucket(enclaveId).ifPresent(bucket -> removed.add("Bucket/" + bucket));
            case RECORD -> commands.send(new CompleteDeprovisioning(enclaveId, List.copyOf(new TreeSet<>(removed))),
                    VIA_SAGA);
        }
        failedAttempts = 0;
        succeeded(retrying, current.metricName());
        if (current != Step.RECORD) {
            step = current.next();
        }
    }
}
