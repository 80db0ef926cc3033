package io.enclavesuite.command.storage;

import io.enclavesuite.command.database.CredentialKey;

import java.util.Base64;
import java.util.HexFormat;

/**
 * Access keys derived from the credential key, as database passwords are: a repeated saga step hands out the same
 * keys, and the suite stores none — the tentacle's Secret is the only copy. The key id follows the user; the secret
 * also follows the deployment, so a user that serves another deployment (its keeper took the data back) gets
 * another secret.
 */
final class DerivedAccessKeys {

    private final CredentialKey key;

    DerivedAccessKeys(CredentialKey key) {
        this.key = key;
    }

    /** 20 upper-case hex characters, the shape (and the length limit) of AWS and MinIO access key ids. */
    StorageUsers.AccessKey of(String user, int deployment) {
        return new StorageUsers.AccessKey(idOf(user), key.derive("s3-secret-key",
                deployment == 0 ? user : user + "@deployment-" + deployment)); // 0: as before deployments were numbered
    }

    String idOf(String user) {
        byte[] digest = Base64.getUrlDecoder().decode(key.derive("s3-access-key", user));
        return "EN" + HexFormat.of().withUpperCase().formatHex(digest).substring(0, 18);
    }
}
