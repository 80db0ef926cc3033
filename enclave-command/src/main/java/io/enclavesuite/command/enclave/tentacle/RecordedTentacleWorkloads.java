package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;

/**
 * The tentacle saga's port, recording each workload it applies or removes as the tentacle's desired state
 * ({@link DesiredTentacles}) — the state the reconciler rebuilds the cluster from. The record says a step is under
 * way before it starts and done once it succeeded, both while the enclave's lock is held; a step that fails stays
 * under way, the saga's to retry. Manual runs are transient and not recorded.
 */
public class RecordedTentacleWorkloads implements TentacleWorkloads {

    private final TentacleWorkloads workloads;
    private final DesiredTentacles desired;

    public RecordedTentacleWorkloads(TentacleWorkloads workloads, DesiredTentacles desired) {
        this.workloads = workloads;
        this.desired = desired;
    }

    @Override
    public void apply(TentacleWorkload workload) {
        desired.holding(workload.enclave(), () -> {
            desired.applying(workload);
            workloads.apply(workload);
            desired.applied(workload);
        });
    }

    @Override
    public void run(EnclaveId enclave, TentacleName tentacle, int run) {
        workloads.run(enclave, tentacle, run);
    }

    @Override
    public void remove(EnclaveId enclave, TentacleData data) {
        desired.holding(enclave, () -> {
            desired.removing(enclave, data.tentacle());
            workloads.remove(enclave, data);
            desired.removed(enclave, data.tentacle());
        });
    }
}
