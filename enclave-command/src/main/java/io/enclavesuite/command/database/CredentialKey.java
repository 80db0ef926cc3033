package io.enclavesuite.command.database;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Derives each database role's password from one secret key (HMAC-SHA256 of the role name and, for a tentacle's, the
 * deployment it serves): a repeated saga step sets the same password again instead of breaking the workloads that
 * use the last one, and no password is ever stored by the suite — only in the enclave's Kubernetes Secret. The key is a file (a mounted Secret; in the
 * embedded default generated on first start, owner-only).
 */
public final class CredentialKey {

    private final byte[] key;

    private CredentialKey(byte[] key) {
        this.key = key.clone();
    }

    public static CredentialKey of(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the credential key must be at least 32 bytes");
        }
        return new CredentialKey(key);
    }

    public static CredentialKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".credential-key", ".tmp");
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the folder's own protection applies
                }
                Files.writeString(temporary, Base64.getEncoder().encodeToString(fresh) + "\n");
                try {
                    Files.move(temporary, file); // never replaces a key another process wrote meanwhile
                } catch (FileAlreadyExistsException e) {
                    Files.delete(temporary);
                }
            }
            return of(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the database credential key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** 43 characters of base64url: nothing that needs quoting in SQL or in an environment variable. */
    public String passwordFor(String role) {
        return derive("db-role", role);
    }

    /**
     * The password of a tentacle role for one deployment: a role that serves another deployment (its keeper took
     * the data back) gets another password. Deployment 0 — one recorded before deployments were numbered — keeps
     * the password derived from the role alone, so a running tentacle is not cut off by an upgrade.
     */
    public String passwordFor(String role, int deployment) {
        return deployment == 0 ? passwordFor(role) : derive("db-role", role + "@deployment-" + deployment);
    }

    /**
     * A secret of 43 base64url characters for {@code name}, one per purpose ({@code db-role}, {@code s3-secret},
     * …): the same inputs always give the same secret, and secrets of different purposes are unrelated.
     */
    public String derive(String purpose, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(("enclave-suite/" + purpose + "/v1\n" + name).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
