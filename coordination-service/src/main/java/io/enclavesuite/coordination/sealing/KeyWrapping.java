package io.enclavesuite.coordination.sealing;

import java.util.List;

/**
 * The key-encryption key (KEK) that wraps every room's private key, held outside the database — a file, a mounted
 * Kubernetes Secret, later a KMS behind this same port — so a dump, a replica or a WAL archive of the database opens
 * no room. A wrapped key names the KEK that wrapped it, so a rotation can re-wrap what an older KEK holds.
 */
public interface KeyWrapping {

    /** {@code key} wrapped by the current KEK, bound to {@code room} (a wrapped key cannot be moved to another room). */
    WrappedKey wrap(String room, byte[] key);

    /**
     * The key a KEK wrapped for {@code room}.
     *
     * @throws UnknownKek when the KEK that wrapped it is not configured here
     */
    byte[] unwrap(String room, WrappedKey wrapped);

    /** The id of the KEK new keys are wrapped with. */
    String currentKekId();

    /** The ids of every KEK that unwraps here, the current one first (a rotation re-wraps what the others hold). */
    List<String> kekIds();

    /** A room key as stored: the id of the KEK that wrapped it and the wrapped bytes. */
    record WrappedKey(String kekId, byte[] bytes) {
    }

    /** A key wrapped by a KEK that is not configured: its room cannot be opened until that KEK is back. */
    class UnknownKek extends IllegalStateException {
        public UnknownKek(String kekId) {
            super("a room key is wrapped by key-encryption key '" + kekId + "', which is not configured"
                    + " (coordination.key-encryption.*): restore that KEK, see docs/security.md");
        }
    }
}
