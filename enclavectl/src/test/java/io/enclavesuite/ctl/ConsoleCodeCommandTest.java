package io.enclavesuite.ctl;

import io.enclavesuite.auth.LocalSignInCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code enclavectl console-code}: prints exactly the code the console accepts for that person — checked here with the
 * console's own check ({@link LocalSignInCodes#accepts}, what its local sign-in calls) on the secret file as the console
 * makes it — and no one else's.
 */
class ConsoleCodeCommandTest {

    @TempDir
    Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = EnclaveCtl.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsThePersonsCodeThatTheConsoleAccepts() {
        Path secret = dataDir.resolve("console/local-sign-in-code");
        LocalSignInCodes console = LocalSignInCodes.loadOrCreate(secret);

        int exit = run("console-code", "--user", "U0CAROL", "--code-file", secret.toString());

        assertThat(exit).as(err.toString()).isZero();
        String code = out.toString().strip();
        assertThat(code).matches("[0-9a-f]{" + LocalSignInCodes.CODE_LENGTH + "}");
        assertThat(out.toString()).isEqualTo(code + System.lineSeparator());
        assertThat(console.accepts("U0CAROL", code)).isTrue();
        assertThat(console.accepts("U0ALICE", code)).as("Carol's code for Alice").isFalse();
        assertThat(code).isNotEqualTo(readSecret(secret));
    }

    @Test
    void eachPersonGetsTheirOwnCode() {
        Path secret = dataDir.resolve("local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);

        assertThat(run("console-code", "--user", "U0CAROL", "--code-file", secret.toString())).isZero();
        assertThat(run("console-code", "--user", "U0ALICE", "--code-file", secret.toString())).isZero();

        String[] codes = out.toString().strip().split("\\R");
        assertThat(codes).hasSize(2);
        assertThat(codes[0]).isNotEqualTo(codes[1]);
    }

    @Test
    void withoutTheSecretNothingIsPrintedOrMadeAndItSaysWhereItLooked() {
        Path missing = dataDir.resolve("console/local-sign-in-code");

        int exit = run("console-code", "--user", "U0CAROL", "--code-file", missing.toString());

        assertThat(exit).isEqualTo(EnclaveCtl.USAGE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("no local sign-in secret at " + missing, "--code-file");
        assertThat(Files.exists(missing)).isFalse();
    }

    @Test
    void aShortSecretOrAUserWhoIsNoSlackUserIsAUsageError() throws Exception {
        Path secret = dataDir.resolve("local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);

        assertThat(run("console-code", "--user", "carol", "--code-file", secret.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains("'carol' is not a Slack user id");

        Path shortSecret = dataDir.resolve("short");
        Files.writeString(shortSecret, "short\n");
        assertThat(run("console-code", "--user", "U0CAROL", "--code-file", shortSecret.toString()))
                .isEqualTo(EnclaveCtl.USAGE);
        assertThat(err.toString()).contains(shortSecret.toString(), "at least 32 characters");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theSecretIsLookedForWhereTheConsoleOfTheSuiteKeepsIt() {
        String defaultFile = EnclaveCtl.commandLine().getSubcommands().get("console-code").getCommandSpec()
                .findOption("--code-file").defaultValue();

        // the suite's console: <data folder>/console/local-sign-in-code (ConsoleSignIn); a console of its own: the same
        // under .enclave-data (enclave.console.local-sign-in.code-file's default)
        String dataFolder = System.getenv().getOrDefault("ENCLAVE_DATA_DIR", ".enclave-data");
        assertThat(defaultFile).isEqualTo(dataFolder + "/console/local-sign-in-code");
    }

    @Test
    void theHelpShowsTheOpensslWayThatPrintsTheSameCode() {
        assertThat(run("console-code", "--help")).isZero();

        assertThat(out.toString()).contains(String.join(System.lineSeparator(),
                "  printf %s '" + LocalSignInCodes.DOMAIN + "U0CAROL' \\",
                "    | openssl dgst -sha256 -r \\",
                "        -hmac \"$(cat .enclave-data/console/local-sign-in-code)\" | cut -c1-32"));
    }

    @Test
    void theOpensslWayPrintsTheSameCode() throws Exception {
        Path secret = dataDir.resolve("console/local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);
        assertThat(run("console-code", "--user", "U0CAROL", "--code-file", secret.toString())).isZero();

        // the help's one-liner, with this test's file (.ci/run installs openssl; the deploy checks need it too)
        Process openssl = new ProcessBuilder("bash", "-c", "printf %s '" + LocalSignInCodes.DOMAIN + "U0CAROL' "
                + "| openssl dgst -sha256 -r -hmac \"$(cat \"$1\")\" | cut -c1-32", "one-liner", secret.toString())
                .redirectErrorStream(true).start();
        String printed = new String(openssl.getInputStream().readAllBytes()).strip();
        assertThat(openssl.waitFor()).as(printed).isZero();
        assertThat(printed).isEqualTo(out.toString().strip());
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
