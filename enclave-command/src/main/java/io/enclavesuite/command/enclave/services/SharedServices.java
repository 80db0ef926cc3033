package io.enclavesuite.command.enclave.services;

import io.enclavesuite.command.database.DatabaseProvisioner;
import io.enclavesuite.command.kubernetes.OnDemandServices;
import io.enclavesuite.command.storage.ObjectStorage;

/** Every shared service's port, for the sagas that take an enclave's services down together. */
public record SharedServices(DatabaseProvisioner databases, ObjectStorage storage, OnDemandServices onDemand) {
}
