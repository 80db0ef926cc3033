package io.enclavesuite.command.kubernetes;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;

import java.util.List;
import java.util.Map;

/**
 * Messaging and workload identity, made only when a tentacle declares them: the enclave's resources of the NATS
 * JetStream controller and of SPIRE's controller manager, as Kubernetes custom resources. Each operation converges.
 */
public interface OnDemandServices {

    /** The enclave's stream exists; returns what the tentacle's workload reads to connect (its ConfigMap). */
    Map<String, String> ensureMessaging(EnclaveId enclave, TentacleName tentacle);

    /** The enclave's SPIFFE ID registration exists; returns what the tentacle's workload reads (its ConfigMap). */
    Map<String, String> ensureIdentity(EnclaveId enclave, TentacleName tentacle);

    /** Every custom resource made for the enclave is gone; returns {@code Kind/name} of each one removed. */
    List<String> removeAll(EnclaveId enclave);
}
