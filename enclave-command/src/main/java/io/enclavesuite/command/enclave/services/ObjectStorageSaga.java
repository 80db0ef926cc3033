package io.enclavesuite.command.enclave.services;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.enclave.lifecycle.RetryingSaga;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.operability.SagaSteps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * Gives an active enclave its bucket. Unlike the database this never holds the enclave back: it starts once the
 * enclave is ACTIVE, retries on a persistent deadline with the provisioning backoff, and after the last try records
 * the failure — the next tentacle that needs object storage tries again.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ObjectStorageSaga extends RetryingSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "ObjectStorageSagaProcessor";
    static final String ASSOCIATION = "enclaveId";
    static final String RETRY_DEADLINE = "object-storage-retry";
    /** The saga and its one step as {@link SagaSteps} counts them. */
    static final String METRIC_NAME = "object-storage";
    static final String BUCKET_STEP = "bucket";
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private EnclaveId enclaveId;

    @StartSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveActivated event, ObjectStorage storage, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        enclaveId = event.enclaveId();
        ensureBucket(storage, commands, new Retrying(METRIC_NAME, RETRY_DEADLINE, retry, deadlines, steps));
    }

    /** Takes any payload: one stored before the saga moved package names a class that is gone. */
    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retry(Object due, ObjectStorage storage, CommandGateway commands, DeadlineManager deadlines,
               ProvisioningRetryPolicy retry, SagaSteps steps) {
        retryDue();
        ensureBucket(storage, commands, new Retrying(METRIC_NAME, RETRY_DEADLINE, retry, deadlines, steps));
    }

    /** The deprovisioning saga removes the bucket; a retry still pending must not make it again. */
    @EndSaga
    @SagaEventHandler(associationProperty = ASSOCIATION)
    void on(EnclaveDeprovisioningStarted event, DeadlineManager deadlines) {
        deadlines.cancelAllWithinScope(RETRY_DEADLINE);
    }

    private void ensureBucket(ObjectStorage storage, CommandGateway commands, Retrying retrying) {
        attempt(retrying, BUCKET_STEP, "creating the bucket", () -> {
            String bucket = storage.ensureBucket(enclaveId);
            succeeded(retrying, BUCKET_STEP);
            commands.send(new RecordSharedServiceReady(enclaveId, Dependency.OBJECT_STORAGE, "bucket " + bucket),
                    VIA_SAGA);
            SagaLifecycle.end();
        }, (reason, cause) -> {
            commands.send(new RecordSharedServiceFailure(enclaveId, Dependency.OBJECT_STORAGE,
                    reason + " (gave up after " + failedAttempts + " attempts)"), VIA_SAGA);
            SagaLifecycle.end();
        });
    }
}
