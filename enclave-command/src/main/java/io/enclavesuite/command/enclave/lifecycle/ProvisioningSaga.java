package io.enclavesuite.command.enclave.lifecycle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.CompleteProvisioning;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningFailed;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.FailProvisioning;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.kubernetes.ConcurrentWrites;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.enclavesuite.operability.SagaSteps;
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

/**
 * Turns a started provisioning into Kubernetes resources, then records the outcome with a command.
 * A failing step is retried on a persistent deadline with exponential backoff, so retries survive a restart;
 * after the last try the saga removes what it made and records the failure. Every step converges, so a step
 * repeated after a crash (the saga's state is stored with the event's tracking token) does no harm.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ProvisioningSaga extends RetryingSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "ProvisioningSagaProcessor";
    static final String ASSOCIATION = "enclaveId";
    static final String RETRY_DEADLINE = "provisioning-retry";
    /** The saga and its steps as {@link SagaSteps} counts them. */
    static final String METRIC_NAME = "provisioning";
    static final String NAMESPACE_STEP = "namespace";
    static final String DATABASE_STEP = "database";
    private static final Logger log = LoggerFactory.getLogger(ProvisioningSaga.class);
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private EnclaveId enclaveId;
    private NamespaceSpec namespace;

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveProvisioningStarted event, KubernetesProvisioner kubernetes, DatabaseProvisioner databases,
            CommandGateway commands, DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps,
            ConcurrentWrites writes) {
        enclaveId = event.enclaveId();
        namespace = EnclaveLabels.namespaceFor(event);
        failedAttempts = 0;
        provision(kubernetes, databases, commands, writes,
                new Retrying(METRIC_NAME, RETRY_DEADLINE, retry, deadlines, steps));
    }

    /** Takes any payload: one stored before the saga moved package names a class that is gone. */
    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retry(Object due, KubernetesProvisioner kubernetes, DatabaseProvisioner databases, CommandGateway commands,
               DeadlineManager deadlines, ProvisioningRetryPolicy retry, SagaSteps steps, ConcurrentWrites writes) {
        retryDue();
        provision(kubernetes, databases, commands, writes,
                new Retrying(METRIC_NAME, RETRY_DEADLINE, retry, deadlines, steps));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveActivated event) {
        // provisioning is complete: nothing left to drive
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveProvisioningFailed event) {
        // the failure is recorded; a new ProvisionEnclave starts a new saga
    }

    /**
     * The namespace and the enclave's database, side by side (neither needs the other); an enclave without its
     * database does not become ACTIVE (its tentacles' schemas and credentials live there), unlike the optional shared
     * services. The outcomes are taken in that order, as when the steps ran one after the other: a failed namespace
     * is the attempt's failure, and the database's outcome counts only once the namespace stands (both converge, so a
     * database made beside a failed namespace is made again, harmlessly, on the retry).
     */
    private void provision(KubernetesProvisioner kubernetes, DatabaseProvisioner databases, CommandGateway commands,
                           ConcurrentWrites writes, Retrying retrying) {
        GiveUp removeWhatWasMade = (reason, cause) -> giveUp(kubernetes, databases, commands, reason);
        ConcurrentWrites.Pending database = writes.start(() -> databases.ensureEnclaveDatabase(enclaveId));
        boolean namespaceStands = attempt(retrying, NAMESPACE_STEP, "creating namespace " + namespace.name(), () -> {
            try {
                kubernetes.ensureNamespace(namespace);
            } catch (RuntimeException e) {
                awaitQuietly(database);
                throw e;
            }
            succeeded(retrying, NAMESPACE_STEP);
        }, removeWhatWasMade);
        if (namespaceStands && attempt(retrying, DATABASE_STEP, "creating database " + namespace.name(), () -> {
                    database.await();
                    succeeded(retrying, DATABASE_STEP);
                }, removeWhatWasMade)) {
            commands.send(new CompleteProvisioning(enclaveId, namespace.name()), VIA_SAGA);
        }
    }

    /** A write started beside a step that failed ends before the saga moves on; its own outcome does not count. */
    private void awaitQuietly(ConcurrentWrites.Pending write) {
        try {
            write.await();
        } catch (RuntimeException e) {
            log.debug("database of {} beside a failed namespace: {}", enclaveId, e.getMessage());
        }
    }

    private void giveUp(KubernetesProvisioner kubernetes, DatabaseProvisioner databases, CommandGateway commands,
                        String reason) {
        try {
            kubernetes.removeNamespace(namespace.name());
        } catch (RuntimeException e) {
            log.warn("could not remove namespace {} after giving up: {}", namespace.name(), e.getMessage());
        }
        try {
            databases.dropEnclaveDatabase(enclaveId);
        } catch (RuntimeException e) {
            log.warn("could not remove the database of {} after giving up: {}", enclaveId, e.getMessage());
        }
        commands.send(new FailProvisioning(enclaveId, reason + " (gave up after " + failedAttempts + " attempts)"),
                VIA_SAGA);
    }
}
