package io.enclavesuite.command.storage;

/**
 * The object store's own users. Who may do what is the store's business (MinIO's policies, AWS IAM), so each kind
 * of store has its adapter. The suite makes one user per tentacle, limited to its bucket and prefix, named
 * {@code <bucket>.<tentacle>}.
 */
public interface StorageUsers {

    /** The user exists (created or updated), with access to {@code bucket/prefix} only, and these keys. */
    AccessKey grant(String bucket, String prefix, String user);

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
