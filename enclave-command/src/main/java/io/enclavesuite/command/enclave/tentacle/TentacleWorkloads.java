package io.enclavesuite.command.enclave.tentacle;

import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.command.database.TentacleData;

/**
 * The port through which the tentacle saga shapes a tentacle's workload. Like {@link KubernetesProvisioner},
 * every operation converges (create-or-update, delete-if-present), so a step repeated after a crash does no harm.
 */
public interface TentacleWorkloads {

    /**
     * Brings the tentacle's workload to the spec: a Deployment when it has no schedule, a CronJob (suspended when
     * {@link TentacleWorkload#suspended()}) when it has one; a workload of the other kind left from an earlier
     * spec is deleted.
     */
    void apply(TentacleWorkload workload);

    /**
     * Starts one manual run of a scheduled tentacle: a Job {@code <tentacle>-run-<run>} made from the CronJob's job
     * template. A Job of that name that already exists is left as it is (the run was started before a crash).
     *
     * @throws IllegalStateException when the tentacle has no CronJob
     */
    void run(EnclaveId enclave, TentacleName tentacle, int run);

    /**
     * Deletes the tentacle's Deployment or CronJob and the Jobs of its runs, where present; {@code data} is what the
     * removed deployment used, whose ways in (not its contents) go with it.
     */
    void remove(EnclaveId enclave, TentacleData data);
}
