package io.enclavesuite.command.storage;

/**
 * The object store's own users. Who may do what is the store's business (MinIO's policies, AWS IAM), so each kind
 * of store has its adapter. The suite makes one user per generation of a tentacle's data, limited to its bucket and
 * prefix, named {@code <bucket>.<data>} (see {@link io.enclavesuite.command.database.TentacleData}).
 */
public interface StorageUsers {

    /**
     * The user exists (created or updated), with access to {@code bucket/prefix} only, and the keys of this
     * deployment: a new deployment replaces the secret of the one before.
     */
    AccessKey grant(String bucket, String prefix, String user, int deployment);

    /** The user no longer exists; absent is fine. */
    void revoke(String user);

    /** Every user granted on {@code bucket} no longer exists. */
    void revokeAll(String bucket);

    /** Whether the store refuses what a user's grant does not allow. */
    boolean enforced();

    /** An access key; {@link #toString()} never shows the secret. */
    record AccessKey(String id, String secret) {
        @Override
        public String toString() {
            return "AccessKey[" + id + "]";
        }
    }
}
