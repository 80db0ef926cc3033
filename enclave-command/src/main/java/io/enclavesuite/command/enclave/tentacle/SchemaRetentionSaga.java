package io.enclavesuite.command.enclave.tentacle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.storage.ObjectStorage;
import io.enclavesuite.command.database.SchemaRetention;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.operability.SagaSteps;
import io.enclavesuite.operability.SagaSteps.Outcome;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Instant;

/**
 * A removed tentacle's data — its schema and the objects under its storage prefix, one generation of them
 * ({@link TentacleData}) — is kept for a grace period ({@code enclave.database.schema-grace-period}), so a removal by
 * mistake can be undone by deploying it again; then both are dropped, with its role. The persistent deadline fires
 * after a restart too. A deployment that takes this generation back (its keeper's or the enclave owner's, as the
 * Enclave decided), or deprovisioning the enclave (whose database and bucket go as a whole), ends the wait; a
 * deployment of the same name with data of its own does not. One saga per generation: the association is the
 * enclave and the data's name, which for generation 0 is the tentacle's key of sagas stored before generations.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SchemaRetentionSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "SchemaRetentionSagaProcessor";
    static final String GRACE_DEADLINE = "tentacle-schema-grace";
    /** The saga and its one step as {@link SagaSteps} counts them. */
    static final String METRIC_NAME = "schema-retention";
    static final String DROP_STEP = "drop-data";

    private EnclaveId enclave;
    private TentacleName tentacle;
    /** 0 in sagas stored before generations, which kept generation 0. */
    private int generation;
    private String deadlineId;

    /** The payload of the grace deadline (a deadline handler's first parameter is its payload). */
    record GraceOver(Instant removedAt) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleDataAssociation.class)
    void on(TentacleRemoved event, DeadlineManager deadlines, SchemaRetention retention) {
        enclave = event.enclaveId();
        tentacle = event.tentacle();
        generation = TentacleDataGenerations.generationOf(event.dataGeneration());
        SagaLifecycle.associateWith(TentacleSaga.ENCLAVE, enclave.value());
        deadlineId = deadlines.schedule(retention.gracePeriod(), GRACE_DEADLINE, new GraceOver(event.at()));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleDataAssociation.class)
    void on(TentacleDeployed event, DeadlineManager deadlines) {
        deadlines.cancelSchedule(GRACE_DEADLINE, deadlineId); // taken back: the deployment uses this data again
    }

    @EndSaga
    @SagaEventHandler(associationProperty = TentacleSaga.ENCLAVE)
    void on(EnclaveDeprovisioningStarted event, DeadlineManager deadlines) {
        deadlines.cancelSchedule(GRACE_DEADLINE, deadlineId); // the database goes with the enclave
    }

    /**
     * A failure propagates: the deadline is retried, and the data is dropped once the servers answer. Takes any
     * payload: one stored before the saga moved package names a class that is gone.
     */
    @DeadlineHandler(deadlineName = GRACE_DEADLINE)
    void graceOver(Object due, DatabaseProvisioner databases, ObjectStorage storage, SagaSteps steps) {
        try {
            TentacleData data = new TentacleData(tentacle, generation);
            databases.dropTentacleSchema(enclave, data);
            storage.removeTentaclePrefix(enclave, data);
        } catch (RuntimeException e) {
            steps.record(METRIC_NAME, DROP_STEP, Outcome.FAILED);
            throw e;
        }
        steps.record(METRIC_NAME, DROP_STEP, Outcome.SUCCEEDED);
        SagaLifecycle.end();
    }
}
