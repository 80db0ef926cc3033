package io.enclavesuite.ctl;

import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.auth.LocalTokenIssuer;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A bearer token that reads as a person, signed with the local issuer's key — the one the suite keeps in its data
 * folder and checks tokens with. The key is read, never created here: a token signed by a key the API does not know
 * would only be refused there.
 */
final class LocalTokens {

    private LocalTokens() {
    }

    /** @param whenMissing the refusal when there is no key file, saying what the token was for and how to name it */
    static String mint(Path keyFile, UserId reader, Duration validFor, String whenMissing) {
        if (!Files.isRegularFile(keyFile)) {
            throw new IllegalArgumentException(whenMissing);
        }
        try {
            return LocalTokenIssuer.read(keyFile).mint(reader.value(), Instant.now(), validFor);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
