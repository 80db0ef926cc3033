package io.enclavesuite.command.enclave.tentacle;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.enclave.EnclaveDeprovisioningStarted;
import io.enclavesuite.api.enclave.EnclaveFrozen;
import io.enclavesuite.api.enclave.EnclaveUnfrozen;
import io.enclavesuite.api.service.RecordSharedServiceFailure;
import io.enclavesuite.api.service.RecordSharedServiceReady;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.FailTentacleWorkload;
import io.enclavesuite.api.tentacle.SchemaAccessGranted;
import io.enclavesuite.api.tentacle.SchemaAccessRevoked;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleModeChanged;
import io.enclavesuite.api.tentacle.TentacleOwnershipTransferred;
import io.enclavesuite.api.tentacle.TentacleRemoved;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.api.tentacle.TentacleUpdated;
import io.enclavesuite.command.enclave.lifecycle.ProvisioningRetryPolicy;
import io.enclavesuite.command.enclave.lifecycle.RetryingSaga;
import io.enclavesuite.command.database.TentacleData;
import io.enclavesuite.command.enclave.services.SharedServiceUnavailable;
import io.enclavesuite.operability.SagaSteps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps one tentacle's workload where its events say it should be, from deploy to removal. Every change — deploy,
 * update, mode or owner (annotations), the enclave frozen or unfrozen (CronJob suspended or resumed) — converges
 * the whole workload with one create-or-update, so a step repeated after a crash does no harm. Manual runs are
 * queued until their Job exists. A failing step retries on a persistent deadline with backoff; after the last try
 * the failure is recorded on the enclave and the next change tries again. A freeze lifted while another still stands
 * ({@code FreezeReasonLifted}) changes nothing here: CronJobs resume only when the enclave is unfrozen.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class TentacleSaga extends RetryingSaga {

    /** Axon's default processing group name for this saga. */
    public static final String PROCESSING_GROUP = "TentacleSagaProcessor";
    static final String ENCLAVE = "enclaveId";
    static final String RETRY_DEADLINE = "tentacle-retry";
    /** The saga and its steps as {@link SagaSteps} counts them. */
    static final String METRIC_NAME = "tentacle";
    static final String APPLY_STEP = "apply-workload";
    static final String REMOVE_STEP = "remove-workload";
    private static final MetaData VIA_SAGA = MetaData.with(MetadataKeys.VIA, MetadataKeys.VIA_SAGA);

    private TentacleWorkload desired;
    private boolean frozen;
    private boolean removed;
    private List<Integer> pendingRuns = new ArrayList<>();
    /**
     * The data of a removed deployment whose removal had not converged when the name was deployed again (this saga,
     * still retrying, gets the new deployment): its ways in are taken away before the new one is applied.
     */
    private TentacleData leftBehind;
    /** Shared services this saga has reported ready since their last failure; each is reported once. */
    private Set<Dependency> reportedReady = EnumSet.noneOf(Dependency.class);

    @StartSaga
    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleDeployed event, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.VIA) String via,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        if (desired != null && removed) {
            leftBehind = desired.data();
            removed = false;
            pendingRuns.clear();
        }
        SagaLifecycle.associateWith(ENCLAVE, event.enclaveId().value());
        desired = new TentacleWorkload(event.enclaveId(), event.tentacle(), event.image(), event.schedule(), false,
                event.owner(), event.mode(), actor == null ? event.owner().value() : actor,
                via == null ? "unknown" : via, event.dependencies())
                .deployedAs(TentacleDataGenerations.generationOf(event.dataGeneration()),
                        event.deployment() == null ? 0 : event.deployment());
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleUpdated event, @MetaDataValue(MetadataKeys.ACTOR) String actor,
            @MetaDataValue(MetadataKeys.VIA) String via,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        desired = desired.withSpec(event.image(), event.schedule(), event.dependencies(),
                actor == null ? desired.deployedBy() : actor, via == null ? desired.deployedVia() : via);
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleModeChanged event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        desired = desired.withMode(event.mode());
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleOwnershipTransferred event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        desired = desired.withOwner(event.newOwner());
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(SchemaAccessGranted event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        desired = desired.withSchemaAccess(new TentacleData(event.grantee(),
                TentacleDataGenerations.generationOf(event.granteeGeneration())), event.access());
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(SchemaAccessRevoked event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        desired = desired.withSchemaAccess(TentacleData.first(event.grantee()), null);
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleRunRequested event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        pendingRuns.add(event.run());
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = TentacleAssociation.KEY, associationResolver = TentacleAssociation.class)
    void on(TentacleRemoved event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        removed = true;
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = ENCLAVE)
    void on(EnclaveFrozen event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        frozen = true;
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    @SagaEventHandler(associationProperty = ENCLAVE)
    void on(EnclaveUnfrozen event,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        frozen = false;
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    /** The deprovisioning saga takes every workload down with the namespace. */
    @EndSaga
    @SagaEventHandler(associationProperty = ENCLAVE)
    void on(EnclaveDeprovisioningStarted event) {
        // nothing left to converge
    }

    /**
     * The workload this saga keeps in place (suspended while the enclave is frozen), none once its tentacle is
     * removed: what {@link DesiredTentacles#backfill} reads for tentacles deployed before the desired state was kept.
     */
    Optional<TentacleWorkload> keptWorkload() {
        return desired == null || removed ? Optional.empty() : Optional.of(desired.withSuspended(frozen));
    }

    /** Takes any payload: one stored before the saga moved package names a class that is gone. */
    @DeadlineHandler(deadlineName = RETRY_DEADLINE)
    void retry(Object due,
            TentacleWorkloads workloads, CommandGateway commands, DeadlineManager deadlines,
            ProvisioningRetryPolicy retry, SagaSteps steps) {
        retryDue();
        converge(workloads, commands, retrying(retry, deadlines, steps));
    }

    /**
     * The on-demand services exist once a tentacle's workload got them; the database is the enclave's from its
     * activation, and object storage is also reported by the provisioning of its bucket.
     */
    private void reportReady(CommandGateway commands) {
        for (Dependency service : desired.dependencies()) {
            if (service != Dependency.POSTGRES && reportedReady.add(service)) {
                commands.send(new RecordSharedServiceReady(desired.enclave(), service,
                        "set up for tentacle '" + desired.name() + "'"), VIA_SAGA);
            }
        }
    }

    private static Retrying retrying(ProvisioningRetryPolicy retry, DeadlineManager deadlines, SagaSteps steps) {
        return new Retrying(METRIC_NAME, RETRY_DEADLINE, retry, deadlines, steps);
    }

    private void converge(TentacleWorkloads workloads, CommandGateway commands, Retrying retrying) {
        String step = removed ? REMOVE_STEP : APPLY_STEP;
        String doing = (removed ? "removing" : "applying") + " the workload of tentacle '" + desired.name() + "'";
        attempt(retrying, step, doing, () -> {
            if (removed) {
                workloads.remove(desired.enclave(), desired.data());
                succeeded(retrying, step);
                SagaLifecycle.end();
                return;
            }
            if (leftBehind != null) {
                workloads.remove(desired.enclave(), leftBehind);
                leftBehind = null;
            }
            workloads.apply(desired.withSuspended(frozen));
            while (!pendingRuns.isEmpty()) {
                workloads.run(desired.enclave(), desired.name(), pendingRuns.get(0));
                pendingRuns.remove(0);
            }
            failedAttempts = 0;
            succeeded(retrying, step);
            reportReady(commands);
        }, (reason, cause) -> {
            failedAttempts = 0;
            pendingRuns.clear(); // a run that could not start is reported, not started hours later
            commands.send(new FailTentacleWorkload(desired.enclave(), desired.name(),
                    reason + " (gave up after " + retrying.policy().maxAttempts() + " attempts)"), VIA_SAGA);
            if (cause instanceof SharedServiceUnavailable unavailable) {
                reportedReady.remove(unavailable.service());
                commands.send(new RecordSharedServiceFailure(desired.enclave(), unavailable.service(),
                        unavailable.getCause().getMessage() + " (for tentacle '" + desired.name() + "')"), VIA_SAGA);
            }
        });
    }
}
