package io.enclavesuite.command.enclave.reconcile;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveStatus;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.command.kubernetes.NamespaceSpec;

import java.util.Map;

/**
 * An enclave as the cluster should reflect it: its state, and the namespace's annotations now and as last put there.
 *
 * @param appliedAnnotations the annotations provisioning or the reconciler last put on the namespace: a namespace
 *                           still showing these is behind a change we made, not edited by someone else
 */
public record DesiredEnclave(EnclaveId enclave, EnclaveStatus status, QuotaPreset quota,
                             Map<String, String> annotations, Map<String, String> appliedAnnotations) {

    public DesiredEnclave {
        annotations = Map.copyOf(annotations);
        appliedAnnotations = Map.copyOf(appliedAnnotations);
    }

    /** The namespace, its guardrails and their labels, built as provisioning builds them. */
    public NamespaceSpec namespace() {
        return EnclaveLabels.namespaceFor(enclave, quota, annotations);
    }

    /** An active or frozen enclave keeps its namespace; a frozen one only takes no new work. */
    boolean keepsItsNamespace() {
        return status == EnclaveStatus.ACTIVE || status == EnclaveStatus.FROZEN;
    }
}
