package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.ctl.EnclaveCtl;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Git layer through the whole suite: the write side's mirror commits an enclave's decisions, and
 * {@code enclavectl export} — reading the read API's history — writes the same bytes, now and as of each commit; a
 * write side restarted with an empty working copy mirrors every enclave again.
 */
class GitMirrorFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0MIRROR";
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final Pattern LAST_EVENT = Pattern.compile("mirror-flow#(\\d+) by \\S+\n$");
    private static SuiteUnderTest suite;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startAll();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    private static void accepted(String type, String payload, String actor) throws Exception {
        CommandResult result = suite.execute("mirror-flow", type, payload, actor, CHANNEL);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    @Test
    void theMirrorsCommitsAndAnExportOfTheHistoryAreTheSameFiles() throws Exception {
        accepted("ProvisionEnclave", "{\"channel\":{\"id\":\"" + CHANNEL + "\",\"name\":\"mirror-flow\"}}", ALICE);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(suite.get("/api/enclaves/mirror-flow", ALICE).body())
                .contains("\"status\":\"ACTIVE\""));
        accepted("RegisterMember", "{\"enclaveId\":\"mirror-flow\",\"member\":\"U0BOB\"}", BOB);
        accepted("DeployTentacle", """
                {"enclaveId":"mirror-flow","tentacle":"report","image":"ghcr.io/acme/report:1.0.0",
                 "schedule":"0 2 * * *","dependencies":["postgres"]}""", BOB);
        accepted("FreezeEnclave", "{\"enclaveId\":\"mirror-flow\",\"reason\":\"channel-archived\"}", BOB);

        Path mirror = Path.of(suite.command.getEnvironment().getRequiredProperty("enclave.git-mirror.directory"));
        long stored = suite.storedEvents("mirror-flow");
        await().atMost(PATIENCE).until(() -> history().size() == stored
                && lastSequenceIn(log(mirror).get(log(mirror).size() - 1)) == stored - 1);

        Path now = temp.resolve("now");
        export(now, null);
        assertThat(files(now)).isEqualTo(files(mirror)).containsKeys("enclaves/mirror-flow/enclave.yaml",
                "enclaves/mirror-flow/tentacles/report.yaml");
        assertThat(files(mirror).get("enclaves/mirror-flow/enclave.yaml")).contains("status: \"FROZEN\"",
                "- \"channel-archived\"", "- \"U0BOB\"");

        // as of each commit: the instant of the last event it mirrored, from the history
        List<JsonNode> history = history();
        List<RevCommit> commits = log(mirror);
        assertThat(commits).hasSizeGreaterThanOrEqualTo(2);
        try (Repository repository = Git.open(mirror.toFile()).getRepository()) {
            for (RevCommit commit : commits) {
                long last = lastSequenceIn(commit);
                Path asOf = temp.resolve("as-of-" + last);
                export(asOf, history.get((int) last).path("at").asText());
                assertThat(files(asOf)).as(commit.getFullMessage()).isEqualTo(filesAt(repository, commit));
            }
        }

        // restarted over the same event store with an empty working copy: every enclave is mirrored again
        suite.command.close();
        suite.command = suite.start(EnclaveCommandApplication.application());
        Path again = Path.of(suite.command.getEnvironment().getRequiredProperty("enclave.git-mirror.directory"));
        assertThat(again).isNotEqualTo(mirror);
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(files(again)).isEqualTo(files(mirror)));
    }

    private static List<JsonNode> history() throws Exception {
        String body = suite.get("/api/enclaves/mirror-flow/history?limit=1000", ALICE).body();
        List<JsonNode> events = new ArrayList<>();
        EnclaveJson.mapper().readTree(body).path("items").forEach(events::add);
        return events;
    }

    private static void export(Path out, String asOf) {
        int port = ((WebServerApplicationContext) suite.query).getWebServer().getPort();
        List<String> args = new ArrayList<>(List.of("export", "--enclave", "mirror-flow", "--as", ALICE,
                "--key-file", TestInfrastructure.API_TOKEN_KEY_FILE.toString(), "--api", "http://localhost:" + port,
                "--out", out.toString()));
        if (asOf != null) {
            args.addAll(List.of("--as-of", asOf));
        }
        StringWriter err = new StringWriter();
        int exit = EnclaveCtl.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isEqualTo(EnclaveCtl.ACCEPTED);
    }

    private static long lastSequenceIn(RevCommit commit) {
        Matcher last = LAST_EVENT.matcher(commit.getFullMessage());
        assertThat(last.find()).as(commit.getFullMessage()).isTrue();
        return Long.parseLong(last.group(1));
    }

    /** Oldest first. */
    private static List<RevCommit> log(Path repository) throws Exception {
        try (Git git = Git.open(repository.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            java.util.Collections.reverse(commits);
            return commits;
        }
    }

    /** The files of the enclave's folder under {@code root}, by path. */
    private static SortedMap<String, String> files(Path root) throws Exception {
        SortedMap<String, String> files = new TreeMap<>();
        Path folder = root.resolve("enclaves/mirror-flow");
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        }
        return files;
    }

    private static SortedMap<String, String> filesAt(Repository repository, RevCommit commit) throws Exception {
        SortedMap<String, String> files = new TreeMap<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getPathString().startsWith("enclaves/mirror-flow/")) {
                    files.put(walk.getPathString(), new String(repository.open(walk.getObjectId(0)).getBytes(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
