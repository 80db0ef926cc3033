package io.enclavesuite.api.enclave;

/** The lifecycle of a team enclave as read models and queries show it. */
public enum EnclaveStatus {
    PROVISIONING, ACTIVE, FROZEN, DEPROVISIONING, DEPROVISIONED, FAILED
}
