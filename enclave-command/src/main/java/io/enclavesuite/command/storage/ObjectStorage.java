package io.enclavesuite.command.storage;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.tentacle.TentacleName;

/**
 * The port through which the sagas give an enclave its object storage: one bucket per enclave, one prefix
 * ({@code tentacles/<tentacle>/}) per tentacle, and per tentacle credentials for its prefix. Every operation
 * converges (create-if-missing, delete-if-present), so a step repeated after a crash does no harm.
 */
public interface ObjectStorage {

    /** The enclave's bucket exists; returns its name. */
    String ensureBucket(EnclaveId enclave);

    /** The bucket and the tentacle's prefix exist, and the returned credentials reach them. */
    StorageCredentials ensureTentaclePrefix(EnclaveId enclave, TentacleName tentacle);

    /** The tentacle's credentials stop working; its objects stay (they go with {@link #removeTentaclePrefix}). */
    void revokeTentacle(EnclaveId enclave, TentacleName tentacle);

    /** The tentacle's credentials and every object under its prefix are gone. */
    void removeTentaclePrefix(EnclaveId enclave, TentacleName tentacle);

    /**
     * The enclave's bucket, every object in it and every credential made for it are gone.
     *
     * @return the bucket's name if there was one to remove
     */
    java.util.Optional<String> dropBucket(EnclaveId enclave);

    /** Whether the store checks the credentials it is given (the embedded store does not; MinIO and AWS do). */
    boolean enforcesCredentials();
}
