package io.enclavesuite.deploy.compose;

import io.enclavesuite.auth.LocalSignInCodes;
import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/console-sign-in.sh --print-code, how the owner of a compose machine gets a person's local sign-in code out of
 * the console's container (with the image's openssl): exactly the whole code ({@code U….<mac>}) the console accepts
 * for that person, from the secret the console made, and no one else's.
 */
class ConsoleSignInScriptTest {

    @TempDir
    Path folder;

    private record Run(int exit, String out, String err) {
    }

    private Run printCode(Map<String, String> env, String user) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", Repository.file("docker/console-sign-in.sh").toString(),
                "--print-code", user);
        builder.environment().remove("ENCLAVE_CONSOLE_SLACK_CLIENT_ID");
        builder.environment().putAll(env);
        Path err = folder.resolve("stderr");
        Process process = builder.redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, Files.readString(err));
    }

    @Test
    void printsThePersonsCodeThatTheConsoleAccepts() throws Exception {
        // openssl: .ci/run installs it where the machine lacks it (Debian's package), as the JRE image has it
        Path secret = folder.resolve("data/local-sign-in-code");
        LocalSignInCodes console = LocalSignInCodes.loadOrCreate(secret);

        Run carol = printCode(Map.of("ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE", secret.toString()), "U0CAROL");

        assertThat(carol.exit()).as(carol.err()).isZero();
        assertThat(carol.out()).matches("U0CAROL\\.[0-9a-f]{32}\n").isEqualTo(console.codeFor("U0CAROL") + "\n");
        assertThat(console.verify(carol.out())).as("the console signs in the person the code names")
                .contains("U0CAROL");
        assertThat(console.verify(carol.out().replace("U0CAROL", "U0ALICE"))).as("Carol's code made out to Alice")
                .isEmpty();
    }

    @Test
    void refusesABadUserIdAMissingSecretAndASlackConsole() throws Exception {
        Path secret = folder.resolve("local-sign-in-code");
        LocalSignInCodes.loadOrCreate(secret);
        Map<String, String> local = Map.of("ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE", secret.toString());

        Run badUser = printCode(local, "carol; cat /etc/passwd");
        assertThat(badUser.exit()).isEqualTo(2);
        assertThat(badUser.out()).isEmpty();
        assertThat(badUser.err()).contains("needs a Slack user id");

        Path missing = folder.resolve("missing");
        Run noSecret = printCode(Map.of("ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE", missing.toString()), "U0CAROL");
        assertThat(noSecret.exit()).isEqualTo(2);
        assertThat(noSecret.err()).contains("no local sign-in secret at " + missing);
        assertThat(Files.exists(missing)).isFalse();

        Run slack = printCode(Map.of("ENCLAVE_CONSOLE_LOCAL_SIGN_IN_CODE_FILE", secret.toString(),
                "ENCLAVE_CONSOLE_SLACK_CLIENT_ID", "123.456"), "U0CAROL");
        assertThat(slack.exit()).isEqualTo(2);
        assertThat(slack.out()).isEmpty();
        assertThat(slack.err()).contains("signs people in with Slack");
    }

    @Test
    void theComposeConsoleTellsWhereTheCodesComeFrom() throws Exception {
        String script = Files.readString(Repository.file("docker/console-sign-in.sh"));

        assertThat(script).contains("docker compose exec console bash /enclave/console-sign-in.sh --print-code U…")
                .doesNotContain("exec console cat");
        assertThat(script).contains("\"" + LocalSignInCodes.DOMAIN.replace("-v1:", "-v1:$user") + "\"");
    }
}
