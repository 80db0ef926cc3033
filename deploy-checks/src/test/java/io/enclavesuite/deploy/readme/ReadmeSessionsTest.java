package io.enclavesuite.deploy.readme;

import io.enclavesuite.deploy.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's sessions, typed as a newcomer types them: {@code bin/enclave-suite} started as the README says, then
 * every {@code <!-- readme-session -->} block run verbatim, in order, in one shell (so {@code $ROOM} carries from the
 * meeting to its receipt), with the default ports and the tools the README names. Each {@code # → …} comment is a
 * promise the output must keep; the only commands that may fail are the ones the README shows being refused. The one
 * line not run is the live feed's {@code curl -sN}: a stream that never ends by design (LiveFeedTest covers it).
 */
class ReadmeSessionsTest {

    /** The ports the README's commands name, and the others the suite binds on its defaults. */
    private static final List<Integer> SUITE_PORTS = List.of(8080, 8081, 8082, 8083, 8084, 9080, 9081, 9082, 9084,
            9092, 15432);
    private static final Pattern FAILED = Pattern.compile("^@@failed (\\d+): (.*)$", Pattern.MULTILINE);
    private static final List<String> LEFT_BEHIND = List.of("receipts.json", "events.ndjson");

    private Process suite;

    @Test
    void theReadmesSessionsRunVerbatimToAVerifiedReceipt(@TempDir Path dataDir, @TempDir Path work) throws Exception {
        List<ReadmeSession> sessions = ReadmeSession.in(Files.readString(Repository.file("README.md")));
        assertThat(sessions).as("session blocks in README.md").hasSizeGreaterThanOrEqualTo(5);
        for (int port : SUITE_PORTS) {
            assertThat(free(port)).as("port %d is free (is a suite already running? stop it first)", port).isTrue();
        }

        Path suiteLog = work.resolve("suite.log");
        // As the README starts it, with the read side's operator its replay session names; the data folder is a new
        // one (a fresh machine's), which bin/enclave-suite and bin/enclavectl both take from $ENCLAVE_DATA_DIR.
        ProcessBuilder starting = new ProcessBuilder("bin/enclave-suite", "--enclave.api.auth.operators=U0ALICE")
                .directory(Repository.root().toFile()).redirectErrorStream(true).redirectOutput(suiteLog.toFile());
        starting.environment().put("ENCLAVE_DATA_DIR", dataDir.toString());
        suite = starting.start();
        await("the suite's banner").atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String log = Files.readString(suiteLog, StandardCharsets.UTF_8);
            assertThat(suite.isAlive()).as("the suite stopped while starting:%n%s", tail(log)).isTrue();
            return log.contains("Enclave Suite is running");
        });

        Path script = work.resolve("sessions.sh");
        Files.writeString(script, script(sessions));
        Path output = work.resolve("sessions.out");
        ProcessBuilder shell = new ProcessBuilder("bash", script.toString()).directory(Repository.root().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // A newcomer's terminal speaks UTF-8 (the answers quote names and modes in Slack's · and backticks).
        shell.environment().put("LC_ALL", "C.UTF-8");
        shell.environment().put("ENCLAVE_DATA_DIR", dataDir.toString());
        Process sessionsRun = shell.start();
        assertThat(sessionsRun.waitFor(15, TimeUnit.MINUTES)).as("the sessions end").isTrue();
        String printed = Files.readString(output, StandardCharsets.UTF_8);

        List<String> blocks = List.of(printed.split("@@session \\d+\\n", -1)).subList(1, sessions.size() + 1);
        for (int i = 0; i < sessions.size(); i++) {
            ReadmeSession session = sessions.get(i);
            for (String promise : session.promises()) {
                assertThat(ReadmeSession.pattern(promise).matcher(blocks.get(i)).find())
                        .as("README line %d's session promises%n  %s%nbut printed%n%s", session.line(), promise,
                                blocks.get(i))
                        .isTrue();
            }
        }
        List<String> failed = new ArrayList<>();
        Matcher failure = FAILED.matcher(printed);
        while (failure.find()) {
            failed.add(failure.group(2));
        }
        long refusalsShown = sessions.stream().flatMap(s -> s.promises().stream())
                .filter(promise -> promise.startsWith("rejected:")).count();
        assertThat(failed).as("commands that failed, in:%n%s", printed).hasSize((int) refusalsShown)
                .allSatisfy(command -> assertThat(command).contains("U0EVE"));
    }

    @AfterEach
    void stopTheSuite() throws Exception {
        try {
            if (suite != null && suite.isAlive()) {
                suite.destroy(); // SIGTERM, as Ctrl-C's graceful stop
                if (!suite.waitFor(2, TimeUnit.MINUTES)) {
                    suite.destroyForcibly().waitFor();
                }
            }
        } finally {
            for (String file : LEFT_BEHIND) {
                Files.deleteIfExists(Repository.file(file));
            }
        }
    }

    /** The blocks in one shell, each announced, every failing command reported with its status and text. */
    private static String script(List<ReadmeSession> sessions) {
        StringBuilder script = new StringBuilder("""
                set -o pipefail
                trap 'echo "@@failed $?: $BASH_COMMAND"' ERR
                """);
        for (int i = 0; i < sessions.size(); i++) {
            script.append("echo '@@session ").append(i).append("'\n");
            sessions.get(i).script().lines()
                    .map(line -> line.contains("curl -sN") ? ": the live feed, a stream that never ends" : line)
                    .forEach(line -> script.append(line).append('\n'));
        }
        return script.toString();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
