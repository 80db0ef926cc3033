package io.enclavesuite.command.storage;

import io.enclavesuite.command.database.CredentialKey;

/**
 * For a store that has no users and checks no credentials — the embedded one. Each tentacle still gets keys of its
 * own (derived, unique), so its workload is configured exactly as against MinIO; but nothing stops them reaching
 * other buckets. Not for shared deployments: use {@code enclave.object-storage.users=minio} there.
 */
public final class UncheckedStorageUsers implements StorageUsers {

    private final DerivedAccessKeys keys;

    public UncheckedStorageUsers(CredentialKey key) {
        this.keys = new DerivedAccessKeys(key);
    }

    @Override
    public AccessKey grant(String bucket, String prefix, String user, int deployment) {
        return keys.of(user, deployment);
    }

    @Override
    public void revoke(String user) {
        // nothing was made
    }

    @Override
    public void revokeAll(String bucket) {
        // nothing was made
    }

    @Override
    public boolean enforced() {
        return false;
    }
}
