package io.enclavesuite.ctl;

import io.enclavesuite.auth.LocalSignInCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enclavectl console-code}: prints exactly the whole code the console accepts for that person,
 * {@code U….<mac>} — checked here with the console's own check ({@link LocalSignInCodes#verify}, what its local
 * sign-in calls) on the secret file as the console makes it — and no one else's.
 */
class ConsoleCodeCommandTest {

    @TempDir
    Path dataDir;
    private final CtlRun ctl = new CtlRun();

    @Test
    void printsThePersonsWholeCodeThatTheConsoleAccepts() throws Exception {
        Path secret = dataDir.resolve("console/local-sign-in-code");
        LocalSignInCodes console = LocalSignInCodes.loadOrCreate(secret);

        int exit = ctl.run("console-code", "--user", "U0CAROL", "--code-file", secret.toString());

        assertThat(exit).as(ctl.err()).isZero();
        String code = ctl.out().strip();
        assertThat(code).matches("U0CAROL\\.[0-9a-f]{" + LocalSignInCodes.MAC_LENGTH + "}");
        assertThat(ctl.out()).isEqualTo(code + System.lineSeparator());
        assertThat(console.verify(code)).as("the console signs in the person the code names").contains("U0CAROL");
        assertThat(console.verify(code.replace("U0CAROL", "U0ALICE"))).as("Carol's code made out to Alice").isEmpty();
        assertThat(code).doesNotContain(Files.readString(secret).strip());
    }

    @Test
    void eachPersonGetsTheirOwnCode() {
        Path secret = dataDir.resolve("local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);

        assertThat(ctl.run("console-code", "--user", "U0CAROL", "--code-file", secret.toString())).isZero();
        assertThat(ctl.run("console-code", "--user", "U0ALICE", "--code-file", secret.toString())).isZero();

        String[] codes = ctl.out().strip().split("\\R");
        assertThat(codes).hasSize(2);
        assertThat(codes[0]).startsWith("U0CAROL.");
        assertThat(codes[1]).startsWith("U0ALICE.");
        assertThat(codes[0].substring("U0CAROL.".length())).isNotEqualTo(codes[1].substring("U0ALICE.".length()));
    }

    @Test
    void withoutTheSecretNothingIsPrintedOrMadeAndItSaysWhereItLooked() {
        Path missing = dataDir.resolve("console/local-sign-in-code");

        int exit = ctl.run("console-code", "--user", "U0CAROL", "--code-file", missing.toString());

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.out()).isEmpty();
        assertThat(ctl.err()).contains("no local sign-in secret at " + missing, "--code-file");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void aShortSecretOrAUserWhoIsNoSlackUserIsAUsageError() throws Exception {
        Path secret = dataDir.resolve("local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);

        assertThat(ctl.run("console-code", "--user", "carol", "--code-file", secret.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.err()).contains("'carol' is not a Slack user id");

        Path shortSecret = dataDir.resolve("short");
        Files.writeString(shortSecret, "short\n");
        assertThat(ctl.run("console-code", "--user", "U0CAROL", "--code-file", shortSecret.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(ctl.err()).contains(shortSecret.toString(), "at least 32 characters");
        assertThat(ctl.out()).isEmpty();
    }

    @Test
    void theSecretIsLookedForWhereTheConsoleOfTheSuiteKeepsIt() {
        // the suite's console: <data folder>/console/local-sign-in-code (ConsoleSignIn); a console of its own: the same
        // under .enclave-data (enclave.console.local-sign-in.code-file's default)
        assertThat(CtlRun.defaultOf("console-code", "--code-file"))
                .isEqualTo(CtlRun.dataFolder() + "/console/local-sign-in-code");
    }

    @Test
    void theHelpShowsTheOpensslWayThatPrintsTheSameCode() {
        assertThat(ctl.run("console-code", "--help")).isZero();

        assertThat(ctl.out()).contains(String.join(System.lineSeparator(),
                "  printf %s '" + LocalSignInCodes.DOMAIN + "U0CAROL' \\",
                "    | openssl dgst -sha256 -r \\",
                "        -hmac \"$(cat .enclave-data/console/local-sign-in-code)\" \\",
                "    | cut -c1-32 | sed 's/^/U0CAROL./'"));
    }

    @Test
    void theOpensslWayPrintsTheSameCode() throws Exception {
        Path secret = dataDir.resolve("console/local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);
        assertThat(ctl.run("console-code", "--user", "U0CAROL", "--code-file", secret.toString())).isZero();

        // the help's one-liner, with this test's file (.ci/run installs openssl; the deploy checks need it too)
        Process openssl = new ProcessBuilder("bash", "-c", "set -o pipefail; printf %s '" + LocalSignInCodes.DOMAIN
                + "U0CAROL' | openssl dgst -sha256 -r -hmac \"$(cat \"$1\")\" | cut -c1-32 | sed 's/^/U0CAROL./'",
                "one-liner", secret.toString()).redirectErrorStream(true).start();
        String printed = new String(openssl.getInputStream().readAllBytes()).strip();
        assertThat(openssl.waitFor()).as(printed).isZero();
        assertThat(printed).isEqualTo(ctl.out().strip());
    }
}
