package io.enclavesuite.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A person's local sign-in code: derived from the machine's secret and the user id, for that user id alone. */
class LocalSignInCodesTest {

    /** A secret file's text as the console writes it (40 hex digits and a newline); a test secret, guards nothing. */
    private static final String SECRET = "0123456789abcdef0123456789abcdef01234567\n";

    @TempDir
    Path dir;

    @Test
    void aCodeIsWhatTheDocumentedOpensslOneLinerPrints() {
        // printf %s 'enclave-console-local-sign-in-v1:U0CAROL' \
        //   | openssl dgst -sha256 -r -hmac "$(cat secret)" | cut -c1-32      (OpenSSL 3.0.19, the secret above)
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        assertThat(codes.codeFor("U0CAROL")).isEqualTo("effdd0e70b426a6aaacc2a00f3dce03c");
        assertThat(codes.codeFor("U0ALICE")).isEqualTo("322e1c8c3bd3fecd586c5a409df66563");
    }

    @Test
    void aCodeSignsInItsOwnPersonOnly() {
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        String carols = codes.codeFor("U0CAROL");

        assertThat(carols).hasSize(LocalSignInCodes.CODE_LENGTH).matches("[0-9a-f]{32}");
        assertThat(codes.accepts("U0CAROL", carols)).isTrue();
        assertThat(codes.accepts("U0CAROL", "  " + carols.toUpperCase() + "\n")).as("pasted with spaces, in capitals")
                .isTrue();
        assertThat(codes.accepts("U0ALICE", carols)).as("Carol's code for Alice").isFalse();
        assertThat(codes.accepts("U0CAROL", SECRET)).as("the machine's secret itself").isFalse();
        assertThat(codes.accepts("U0CAROL", SECRET.strip())).isFalse();
        assertThat(codes.accepts("U0CAROL", carols.substring(0, 31))).as("a prefix").isFalse();
        assertThat(codes.accepts("U0CAROL", carols + "0")).isFalse();
        assertThat(codes.accepts("U0CAROL", "")).isFalse();
        assertThat(codes.accepts("U0CAROL", null)).isFalse();
    }

    @Test
    void anotherMachinesCodeIsNoCodeHere() {
        LocalSignInCodes here = LocalSignInCodes.of(SECRET);
        LocalSignInCodes elsewhere = LocalSignInCodes.of("fedcba9876543210fedcba9876543210fedcba98");

        assertThat(here.accepts("U0CAROL", elsewhere.codeFor("U0CAROL"))).isFalse();
    }

    @Test
    void theSecretIsMadeOwnerOnlyOnceAndReadAfter() throws Exception {
        Path file = dir.resolve("console/local-sign-in-code");

        LocalSignInCodes made = LocalSignInCodes.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).matches("[0-9a-f]{40}\n");
        String code = made.codeFor("U0CAROL");
        assertThat(LocalSignInCodes.loadOrCreate(file).codeFor("U0CAROL")).isEqualTo(code);
        assertThat(LocalSignInCodes.read(file).accepts("U0CAROL", code)).isTrue();
        assertThat(made.toString()).doesNotContain(Files.readString(file).strip());
    }

    @Test
    void aFileOfAnEarlierVersionKeepsWorking() throws Exception {
        Path file = dir.resolve("local-sign-in-code");
        Files.writeString(file, SECRET);

        assertThat(LocalSignInCodes.loadOrCreate(file).codeFor("U0CAROL")).isEqualTo("effdd0e70b426a6aaacc2a00f3dce03c");
        assertThat(Files.readString(file)).isEqualTo(SECRET);
    }

    @Test
    void aShortOrMissingSecretIsRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("short");
        Files.writeString(file, "too-short\n");

        assertThatThrownBy(() -> LocalSignInCodes.loadOrCreate(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> LocalSignInCodes.read(dir.resolve("missing")))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(dir.resolve("missing"))).isFalse();
        assertThatThrownBy(() -> LocalSignInCodes.of(SECRET).codeFor(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
