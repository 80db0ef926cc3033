package io.enclavesuite.command.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Passwords derived per role from one key file: stable across starts, different per role and per key. */
class CredentialKeyTest {

    @TempDir
    Path folder;

    @Test
    void theKeyFileIsMadeOnceOwnerOnlyAndGivesTheSamePasswordsOnEveryStart() throws Exception {
        Path file = folder.resolve("database/credential-key");
        String first = CredentialKey.loadOrCreate(file).passwordFor("enclave-growth.report");
        String again = CredentialKey.loadOrCreate(file).passwordFor("enclave-growth.report");

        assertThat(again).isEqualTo(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CredentialKey.loadOrCreate(file).passwordFor("enclave-growth.api")).isNotEqualTo(first);
        assertThat(CredentialKey.loadOrCreate(folder.resolve("other-key")).passwordFor("enclave-growth.report"))
                .isNotEqualTo(first);
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> CredentialKey.of(new byte[16])).hasMessageContaining("at least 32 bytes");
    }
}
