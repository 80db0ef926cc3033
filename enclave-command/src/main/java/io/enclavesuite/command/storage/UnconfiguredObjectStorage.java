package io.enclavesuite.command.storage;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.database.TentacleData;

import java.util.Optional;

/**
 * No object store configured ({@code enclave.object-storage.endpoint} empty): enclaves still become ACTIVE, their
 * object storage is recorded as failed with this reason, and a tentacle that needs it fails to deploy saying so.
 */
public final class UnconfiguredObjectStorage implements ObjectStorage {

    static final String REASON = "no object store is configured (enclave.object-storage.endpoint)";

    @Override
    public String ensureBucket(EnclaveId enclave) {
        throw new IllegalStateException(REASON);
    }

    @Override
    public StorageCredentials ensureTentaclePrefix(EnclaveId enclave, TentacleData data, int deployment) {
        throw new IllegalStateException(REASON);
    }

    @Override
    public void revokeTentacle(EnclaveId enclave, TentacleData data) {
        // nothing was made
    }

    @Override
    public void removeTentaclePrefix(EnclaveId enclave, TentacleData data) {
        // nothing was made
    }

    @Override
    public Optional<String> dropBucket(EnclaveId enclave) {
        return Optional.empty();
    }

    @Override
    public boolean enforcesCredentials() {
        return false;
    }

    /** No store: nothing was made, and a tentacle that needs one fails at its apply, not here. */
    @Override
    public java.util.List<Missing> missingForTentacle(EnclaveId enclave, TentacleData data) {
        return java.util.List.of();
    }
}
