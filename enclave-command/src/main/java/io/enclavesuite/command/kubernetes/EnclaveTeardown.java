package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;

import java.util.List;

/**
 * The port the deprovisioning saga uses to take an enclave's Kubernetes footprint apart, step by step, each step
 * converging so it can be repeated after a crash.
 */
public interface EnclaveTeardown {

    /**
     * Stops every tentacle: deletes the enclave's Deployments, CronJobs and Jobs.
     *
     * @return what was deleted, as {@code kind/name}, for the deprovisioning record
     */
    List<String> stopTentacles(EnclaveId enclave);

    /**
     * Deletes every other object the suite made for the enclave (found by its enclave label), then asks for the
     * namespace to be deleted. Deleting them one by one, rather than trusting the namespace's deletion to cascade,
     * leaves nothing behind even on an API server without a namespace controller.
     *
     * @return what was deleted, as {@code kind/name}
     */
    List<String> deleteNamespace(EnclaveId enclave);

    /** True once the namespace no longer exists (its deletion may take a while on a real cluster). */
    boolean namespaceGone(EnclaveId enclave);
}
