package io.enclavesuite.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A person's local sign-in code: their user id and a MAC derived from the machine's secret and that user id; it signs
 * in the user id it names only when the MAC is this machine's for that user id.
 */
class LocalSignInCodesTest {

    /** A secret file's text as the console writes it (40 hex digits and a newline); a test secret, guards nothing. */
    private static final String SECRET = "0123456789abcdef0123456789abcdef01234567\n";

    @TempDir
    Path dir;

    @Test
    void aCodeIsWhatTheDocumentedOpensslOneLinerPrints() {
        // printf %s 'enclave-console-local-sign-in-v1:U0CAROL' \
        //   | openssl dgst -sha256 -r -hmac "$(cat secret)" | cut -c1-32 | sed 's/^/U0CAROL./'
        //                                                                  (OpenSSL 3.0.19, the secret above)
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        assertThat(codes.codeFor("U0CAROL")).isEqualTo("U0CAROL.effdd0e70b426a6aaacc2a00f3dce03c");
        assertThat(codes.codeFor("U0ALICE")).isEqualTo("U0ALICE.322e1c8c3bd3fecd586c5a409df66563");
    }

    @Test
    void aCodeSignsInTheUserItNamesWhenItsMacIsThisMachines() {
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        String carols = codes.codeFor("U0CAROL");

        assertThat(carols).matches("U0CAROL\\.[0-9a-f]{" + LocalSignInCodes.MAC_LENGTH + "}");
        assertThat(codes.verify(carols)).contains("U0CAROL");
        assertThat(codes.verify("  " + carols.replace("effdd0e7", "EFFDD0E7") + "\n"))
                .as("pasted with spaces, its hex in capitals").contains("U0CAROL");
        assertThat(codes.verify("W0GRID." + codes.codeFor("W0GRID").substring(7))).as("an Enterprise Grid user")
                .contains("W0GRID");
    }

    @Test
    void aCodeWithAnotherUserIdSignsInNoOne() {
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        String carolsMac = codes.codeFor("U0CAROL").substring("U0CAROL.".length());

        assertThat(codes.verify("U0ALICE." + carolsMac)).as("Carol's code, its user part changed to Alice").isEmpty();
        assertThat(LocalSignInCodes.parse("U0ALICE." + carolsMac)).as("well formed: a claim, which the MAC refutes")
                .hasValueSatisfying(claim -> {
                    assertThat(claim.userId()).isEqualTo("U0ALICE");
                    assertThat(codes.isGenuine(claim)).isFalse();
                });
        assertThat(codes.verify("u0carol." + carolsMac)).as("a user id in small letters is no user id").isEmpty();
    }

    @Test
    void theSecretAndAnotherMachinesCodeAreNoCodes() {
        LocalSignInCodes here = LocalSignInCodes.of(SECRET);
        LocalSignInCodes elsewhere = LocalSignInCodes.of("fedcba9876543210fedcba9876543210fedcba98");

        assertThat(here.verify(SECRET)).as("the machine's secret itself").isEmpty();
        assertThat(here.verify(SECRET.strip())).isEmpty();
        assertThat(here.verify("U0CAROL." + SECRET.strip())).as("the secret behind a user id").isEmpty();
        assertThat(here.verify(elsewhere.codeFor("U0CAROL"))).as("another machine's code for Carol").isEmpty();
        assertThat(LocalSignInCodes.parse(elsewhere.codeFor("U0CAROL"))).isPresent();
    }

    @Test
    void malformedCodesAreNoClaims() {
        LocalSignInCodes codes = LocalSignInCodes.of(SECRET);
        String carols = codes.codeFor("U0CAROL");
        String mac = carols.substring("U0CAROL.".length());

        assertThat(List.of(
                mac,                                            // an earlier version's code: no user id, no dot
                "U0CAROL" + mac,                                // no dot
                "." + mac,                                      // an empty user id
                "U0CAROL.",                                     // an empty MAC
                "U0CAROL." + mac.substring(0, 31),              // a MAC cut short
                carols + "0",                                   // a MAC too long
                "U0CAROL." + mac.substring(0, 31) + "g",        // not hex
                "U0CAROL.." + mac,
                "U0CAROL. " + mac,
                "U0 CAROL." + mac,
                "carol." + mac,                                 // no Slack user id
                "U0ALICE.U0CAROL." + mac,
                "U0CAROL." + mac + "\nU0ALICE." + mac,
                " ".repeat(LocalSignInCodes.MAX_INPUT_LENGTH) + carols,   // overlong, however it ends
                "U" + "0".repeat(100_000) + "." + mac,
                "",
                " "))
                .allSatisfy(offered -> {
                    assertThat(LocalSignInCodes.parse(offered)).as(offered).isEmpty();
                    assertThat(codes.verify(offered)).as(offered).isEmpty();
                });
        assertThat(LocalSignInCodes.parse(null)).isEmpty();
        assertThat(codes.verify(null)).isEmpty();
    }

    @Test
    void aClaimIsAUserIdAndAMacOrNothing() {
        assertThatThrownBy(() -> new LocalSignInCodes.Claim("carol", "0".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalSignInCodes.Claim("U0CAROL", "0".repeat(31)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LocalSignInCodes.Claim("U0CAROL", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClaimShowsNoMac() {
        String carols = LocalSignInCodes.of(SECRET).codeFor("U0CAROL");

        assertThat(LocalSignInCodes.parse(carols)).hasValueSatisfying(claim ->
                assertThat(claim.toString()).contains("U0CAROL").doesNotContain(claim.mac()));
    }

    @Test
    void theSecretIsMadeOwnerOnlyOnceAndReadAfter() throws Exception {
        Path file = dir.resolve("console/local-sign-in-code");

        LocalSignInCodes made = LocalSignInCodes.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).matches("[0-9a-f]{40}\n");
        String code = made.codeFor("U0CAROL");
        assertThat(LocalSignInCodes.loadOrCreate(file).codeFor("U0CAROL")).isEqualTo(code);
        assertThat(LocalSignInCodes.read(file).verify(code)).contains("U0CAROL");
        assertThat(made.toString()).doesNotContain(Files.readString(file).strip());
    }

    @Test
    void aFileOfAnEarlierVersionKeepsWorking() throws Exception {
        Path file = dir.resolve("local-sign-in-code");
        Files.writeString(file, SECRET);

        assertThat(LocalSignInCodes.loadOrCreate(file).codeFor("U0CAROL"))
                .isEqualTo("U0CAROL.effdd0e70b426a6aaacc2a00f3dce03c");
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
        assertThatThrownBy(() -> LocalSignInCodes.of(SECRET).codeFor("carol"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not for 'carol'");
    }
}
