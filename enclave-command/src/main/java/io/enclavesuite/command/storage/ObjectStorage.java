package io.enclavesuite.command.storage;

import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.command.database.TentacleData;

/**
 * The port through which the sagas give an enclave its object storage: one bucket per enclave, one prefix
 * ({@code tentacles/<data>/}) per generation of a tentacle's data ({@link TentacleData}), and credentials for that
 * prefix alone, per deployment. Every operation converges (create-if-missing, delete-if-present), so a step repeated
 * after a crash does no harm.
 */
public interface ObjectStorage {

    /** The enclave's bucket exists; returns its name. */
    String ensureBucket(EnclaveId enclave);

    /**
     * The bucket and the prefix of this generation of the tentacle's data exist, and the returned credentials — this
     * deployment's — reach them.
     */
    StorageCredentials ensureTentaclePrefix(EnclaveId enclave, TentacleData data, int deployment);

    /** The prefix's credentials stop working; its objects stay (they go with {@link #removeTentaclePrefix}). */
    void revokeTentacle(EnclaveId enclave, TentacleData data);

    /** The prefix's credentials and every object under it are gone. */
    void removeTentaclePrefix(EnclaveId enclave, TentacleData data);

    /**
     * The enclave's bucket, every object in it and every credential made for it are gone.
     *
     * @return the bucket's name if there was one to remove
     */
    java.util.Optional<String> dropBucket(EnclaveId enclave);

    /** Whether the store checks the credentials it is given (the embedded store does not; MinIO and AWS do). */
    boolean enforcesCredentials();

    /**
     * What {@link #ensureTentaclePrefix} made for this generation of the tentacle's data that is gone now — the
     * enclave's bucket, the prefix's marker — for the reconciler; empty when it is there (or there is no store).
     */
    java.util.List<Missing> missingForTentacle(EnclaveId enclave, TentacleData data);

    /** A storage object that should be there: {@code Bucket} or {@code BucketPrefix}. */
    record Missing(String kind, String name) {
    }
}
