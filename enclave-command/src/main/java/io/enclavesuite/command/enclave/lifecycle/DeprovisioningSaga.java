package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.CompleteDeprovisioning;
import io.enclavesuite.api.enclave.EnclaveDeprovisioned;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public class DeprovisioningSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "DeprovisioningSagaProcessor";
    static final String ASSOCIATION = "enclaveId";
    static final String STEP_DEADLINE = "deprovisioning-step";
    /** The saga as {@link SagaSteps} counts it; its steps are named after {@link Step}, e.g. {@code delete-namespace}. */
    static final String METRIC_NAME = "deprovisioning";
    /** How often the saga looks whether a terminating namespace is gone. */
    static final Duration GONE_POLL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(DeprovisioningSaga.class);
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    enum Step {
        STOP_TENTACLES, REMOVE_CUSTOM_RESOURCES, DELETE_NAMESPACE, AWAIT_NAMESPACE_GONE, DROP_DATABASE, DROP_BUCKET,
        RECORD;

        String metricName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private EnclaveId enclaveId;
    private Step step;
    private List<String> removed = new ArrayList<>();
    private int failedAttempts;

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveDeprovisioningStarted event, EnclaveTeardown teardown, SharedServices services,
            CommandGateway commands, DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps) {
        enclaveId = event.enclaveId();
        step = Step.STOP_TENTACLES;
        proceed(teardown, services, commands, deadlines, retry, steps);
    }

    /** The payload of a step deadline: which step is due (a retry or the next look at the namespace). */
    record StepDue(Step step) {
    }

    /** Takes any payload: one stored before the saga moved package names a class that is gone. */
    @DeadlineHandler(deadlineName = STEP_DEADLINE)
    void due(Object due, EnclaveTeardown teardown, SharedServices services, CommandGateway commands,
             DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps) {
        proceed(teardown, services, commands, deadlines, retry, steps);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveDeprovisioned event) {
        // recorded: nothing left to do
    }

    private void proceed(EnclaveTeardown teardown, SharedServices services, CommandGateway commands,
                         DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps) {
        try {
            while (true) {
                Step done = step;
                switch (step) {
                    case STOP_TENTACLES -> {
                        removed.addAll(teardown.stopTentacles(enclaveId));
                        step = Step.REMOVE_CUSTOM_RESOURCES;
                    }
                    case REMOVE_CUSTOM_RESOURCES -> {
                        // the ClusterSPIFFEID is cluster-scoped: the namespace's deletion would leave it behind
                        removed.addAll(services.onDemand().removeAll(enclaveId));
                        step = Step.DELETE_NAMESPACE;
                    }
                    case DELETE_NAMESPACE -> {
                        removed.addAll(teardown.deleteNamespace(enclaveId));
                        step = Step.AWAIT_NAMESPACE_GONE;
                    }
                    case AWAIT_NAMESPACE_GONE -> {
                        if (!teardown.namespaceGone(enclaveId)) {
                            steps.record(METRIC_NAME, step.metricName(), Outcome.WAITING);
                            deadlines.schedule(GONE_POLL, STEP_DEADLINE, new StepDue(step));
                            return;
                        }
                        step = Step.DROP_DATABASE;
                    }
                    case DROP_DATABASE -> {
                        // after the workloads are gone: nothing is connected any more
                        services.databases().dropEnclaveDatabase(enclaveId);
                        removed.add("Database/" + enclaveId.namespace());
                        step = Step.DROP_BUCKET;
                    }
                    case DROP_BUCKET -> {
                        services.storage().dropBucket(enclaveId).ifPresent(bucket -> removed.add("Bucket/" + bucket));
                        step = Step.RECORD;
                    }
                    case RECORD -> {
                        failedAttempts = 0;
                        commands.send(new CompleteDeprovisioning(enclaveId, List.copyOf(new TreeSet<>(removed))),
                                VIA_SAGA);
                        steps.record(METRIC_NAME, step.metricName(), Outcome.SUCCEEDED);
                        return;
                    }
                }
                steps.record(METRIC_NAME, done.metricName(), Outcome.SUCCEEDED);
                failedAttempts = 0;
            }
        } catch (RuntimeException e) {
            failedAttempts++;
            steps.record(METRIC_NAME, step.metricName(), Outcome.RETRY_SCHEDULED);
            log.warn("deprovisioning enclave '{}' failed at {} (attempt {}): {}; retrying", enclaveId, step,
                    failedAttempts, e.getMessage());
            deadlines.schedule(retry.backoffAfter(failedAttempts), STEP_DEADLINE, new StepDue(step));
        }
    }
}
