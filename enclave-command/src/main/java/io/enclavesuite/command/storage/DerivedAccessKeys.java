package io.enclavesuite.command.storage;

import io.enclavesuite.command.database.CredentialKey;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Access keys derived from the credential key, as database passwords are: a repeated saga step hands out the same
 * keys, and the suite stores none — the tentacle's Secret is the only copy.
 */
final class DerivedAccessKeys {

    private final CredentialKey key;

    DerivedAccessKeys(CredentialKey key) {
        this.key = key;
    }

    /** 20 upper-case hex characters, the shape (and the length limit) of AWS and MinIO access key ids. */
    StorageUsers.AccessKey of(String user) {
        byte[] digest = Base64.getUrlDecoder().decode(key.derive("s3-access-key", user));
        String id = "EN" + HexFormat.of().withUpperCase().formatHex(digest).substring(0, 18);
        return new StorageUsers.AccessKey(id, key.derive("s3-secret-key", user));
    }
}
