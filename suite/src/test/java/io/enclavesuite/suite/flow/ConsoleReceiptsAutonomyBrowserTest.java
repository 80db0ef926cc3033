package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.coordination.CoordinationId;
import io.enclavesuite.api.coordination.TimeWindow;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.receipts.cli.VerifyReceipt;
import io.enclavesuite.testsupport.Browser;
import io.enclavesuite.testsupport.TopicScan;
import io.enclavesuite.trust.RoomSeals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.web.context.WebServerApplicationContext;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's receipts and autonomy pages in a real Chromium against the whole suite: a room resolved through
 * Kafka gives Carol a receipt, which her receipts page lists with both downloads — and the files she downloads verify
 * with the very command the page shows; a stranger gets "not found" for it. On her autonomy page she changes each
 * part of her agent policy, each reaching her AgentPolicy through Kafka and shown back from the read side; a value
 * the command refuses is shown and nothing is sent.
 */
class ConsoleReceiptsAutonomyBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> PEOPLE = List.of("U0ALICE", "U0BOB", "U0CAROL");
    private static SuiteUnderTest suite;
    private static URI console;
    private static Browser browser;
    private static String room;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest().startWithCoordination();
        console = suite.startConsole();
        browser = Browser.start();
        room = resolvedRoom("Quarterly planning");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void carolDownloadsHerReceiptAndItsEventsAndTheCommandShownVerifiesThem() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");
        page.get(console.resolve("/receipts").toString());
        WebElement receipt = await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            page.navigate().refresh();
            return page.findElement(By.cssSelector("article.receipt[data-enclave='" + room + "']"));
        }, Objects::nonNull);
        assertThat(receipt.getText()).contains("Quarterly planning", "meeting sync", "receipt-", "U0ALICE", "U0BOB",
                "U0CAROL");
        browser.screenshot("receipts");
        // the Slack notice's link scrolls to this receipt
        assertThat(receipt.getAttribute("id")).isEqualTo(room);

        int queryPort = ((WebServerApplicationContext) suite.query).getWebServer().getPort();
        String command = receipt.findElement(By.cssSelector("pre.verify-command")).getText();
        assertThat(command).isEqualTo("bin/verify-receipt receipt-" + room + ".json --keys-url http://localhost:"
                + queryPort + "/api/receipts/keys --events events-" + room + ".ndjson");

        Path folder = Files.createTempDirectory("downloads");
        HttpResponse<byte[]> receiptFile = download(page,
                receipt.findElement(By.cssSelector("a.download-receipt")).getAttribute("href"));
        assertThat(receiptFile.statusCode()).isEqualTo(200);
        assertThat(receiptFile.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"receipt-" + room + ".json\"");
        assertThat(receiptFile.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        HttpResponse<byte[]> eventsFile = download(page,
                receipt.findElement(By.cssSelector("a.download-events")).getAttribute("href"));
        assertThat(eventsFile.statusCode()).isEqualTo(200);
        assertThat(eventsFile.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(eventsFile.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"events-" + room + ".ndjson\"");
        Files.write(folder.resolve("receipt-" + room + ".json"), receiptFile.body());
        Files.write(folder.resolve("events-" + room + ".ndjson"), eventsFile.body());
        assertThat(EnclaveJson.mapper().readTree(receiptFile.body()).path("enclaveId").asText()).isEqualTo(room);
        assertThat(new String(eventsFile.body()).lines().count()).isGreaterThan(5);

        // the command as the page shows it, run in the folder that holds both downloads
        StringWriter output = new StringWriter();
        assertThat(run(command, folder, output)).as("%s", output).isEqualTo(VerifyReceipt.VALID);
        assertThat(output.toString()).contains("valid: receipt receipt-");
        // and a changed byte in what was downloaded fails it
        Path events = folder.resolve("events-" + room + ".ndjson");
        Files.writeString(events, Files.readString(events).replaceFirst("Quarterly", "Quarterlx"));
        assertThat(run(command, folder, new StringWriter())).isEqualTo(VerifyReceipt.INVALID);
    }

    @Test
    void aStrangerGetsNotFoundForSomeoneElsesReceipt() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, "U0DAVE");
        page.get(console.resolve("/receipts").toString());
        assertThat(page.findElement(By.tagName("main")).getText()).contains("No receipts yet")
                .doesNotContain(room);
        for (String file : List.of("receipt.json", "events.ndjson")) {
            page.get(console.resolve("/receipts/" + room + "/" + file).toString());
            assertThat(page.findElement(By.tagName("h1")).getText()).as(file).isEqualTo("Not found");
            assertThat(download(page, console.resolve("/receipts/" + room + "/" + file).toString()).statusCode())
                    .as(file).isEqualTo(404);
        }
        browser.screenshot("receipt-not-found");
    }

    @Test
    void carolSetsEachPartOfHerAgentPolicyAndABadValueSendsNothing() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");
        page.get(console.resolve("/autonomy").toString());
        assertThat(text(page, ".level")).isEqualTo("auto-respond");
        assertThat(text(page, ".budget")).isEqualTo("none (unlimited)");
        assertThat(text(page, ".rate-limit")).isEqualTo("the suite's default");

        // a budget the command refuses: the page says why and nothing reaches Kafka
        page.findElement(By.id("amount")).sendKeys("-1");
        Browser.clickAndLoad(page, page.findElement(By.id("set-budget")));
        refused(page, "a weekly budget is 1 to 500 meetings, not -1", "Nothing was sent");
        browser.screenshot("autonomy-bad-budget");
        assertThat(TopicScan.everyRecord(suite.infrastructure.kafkaBootstrapServers(),
                List.of(suite.topics.commands(), suite.topics.coordinationCommands()), PATIENCE))
                .noneMatch(record -> record.contains("SetAutonomyBudget"));

        new Select(page.findElement(By.id("level"))).selectByValue("draft-only");
        Browser.clickAndLoad(page, page.findElement(By.id("set-level")));
        accepted(page, "level is now draft-only");
        shows(page, ".level", "draft-only");

        page.findElement(By.id("amount")).sendKeys("5");
        new Select(page.findElement(By.id("unit"))).selectByValue("meetings");
        Browser.clickAndLoad(page, page.findElement(By.id("set-budget")));
        accepted(page, "weekly budget is now 5 meetings");
        shows(page, ".budget", "5 meetings a week");

        // a limit only the write side can judge: refused with its reason
        page.findElement(By.id("per-hour")).sendKeys("5000");
        Browser.clickAndLoad(page, page.findElement(By.id("set-rate-limit")));
        refused(page, "an inbound rate limit is 1 to");
        page.findElement(By.id("per-hour")).clear();
        page.findElement(By.id("per-hour")).sendKeys("4");
        Browser.clickAndLoad(page, page.findElement(By.id("set-rate-limit")));
        accepted(page, "At most 4 invitations");
        shows(page, ".rate-limit", "4 an hour from one sender");

        page.findElement(By.id("trust-person")).sendKeys("U0BOB");
        Browser.clickAndLoad(page, page.findElement(By.id("trust")));
        accepted(page, "accepts U0BOB's invitations");
        shows(page, ".trusted li[data-person=U0BOB]", "for meeting-sync");

        page.findElement(By.id("rule-id")).sendKeys("planning");
        new Select(page.findElement(By.id("rule-kind"))).selectByValue("purpose-contains");
        page.findElement(By.id("rule-text")).sendKeys("planning");
        Browser.clickAndLoad(page, page.findElement(By.id("add-rule")));
        accepted(page, "Rule planning added");
        shows(page, ".rules li[data-rule=planning]", "purpose-contains");
        browser.screenshot("autonomy-set");

        JsonNode policy = EnclaveJson.mapper().readTree(suite.get("/api/policy", "U0CAROL").body());
        assertThat(policy.path("level").asText()).isEqualTo("draft-only");
        assertThat(policy.path("weeklyBudget").path("budget").path("amount").asInt()).isEqualTo(5);
        assertThat(policy.path("inboundPerHour").asInt()).isEqualTo(4);
        assertThat(policy.path("trusted").get(0).path("person").asText()).isEqualTo("U0BOB");
        assertThat(policy.path("rules").get(0).path("purposeContains").asText()).isEqualTo("planning");
        // each change is an event of Carol's own AgentPolicy, in coordination-service's store
        assertThat(suite.database.queryForList("""
                select payloadtype from coordination.domainevententry where aggregateidentifier = 'U0CAROL'""",
                String.class)).anyMatch(t -> t.endsWith(".AutonomyLevelSet"))
                .anyMatch(t -> t.endsWith(".AutonomyBudgetSet")).anyMatch(t -> t.endsWith(".InboundRateLimitSet"))
                .anyMatch(t -> t.endsWith(".IdentityTrusted")).anyMatch(t -> t.endsWith(".AutonomyRuleAdded"));

        Browser.clickAndLoad(page, page.findElement(By.cssSelector(".trusted li[data-person=U0BOB] button.untrust")));
        accepted(page, "You no longer trust U0BOB");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(page.findElements(By.cssSelector(".trusted li"))).isEmpty();
            assertThat(text(page, "[aria-labelledby=trusted-title]")).contains("You trust no one yet.");
        });

        Browser.clickAndLoad(page, page.findElement(By.cssSelector(".rules li[data-rule=planning] button.remove-rule")));
        accepted(page, "Rule planning removed");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(page.findElements(By.cssSelector(".rules li"))).isEmpty();
        });
        browser.screenshot("autonomy-after-removing");
    }

    /** The page after the write side's answer: the notice of a command it accepted. */
    private static void accepted(WebDriver page, String notice) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(text(page, ".notice"))
                .contains(notice));
    }

    private static void refused(WebDriver page, String... reason) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(text(page, ".problem"))
                .contains(reason));
    }

    /** The read side follows the policy's events from Kafka: reload until the page shows the change. */
    private static void shows(WebDriver page, String selector, String expected) {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(text(page, selector)).contains(expected);
        });
    }

    private static String text(WebDriver page, String selector) {
        return page.findElement(By.cssSelector(selector)).getText();
    }

    /** What the browser's session would download from {@code href}: the same request, with its session cookie. */
    private HttpResponse<byte[]> download(WebDriver page, String href) throws Exception {
        String session = page.manage().getCookieNamed("ENCLAVE_CONSOLE").getValue();
        return http.send(HttpRequest.newBuilder(URI.create(href)).header("Cookie", "ENCLAVE_CONSOLE=" + session)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code bin/verify-receipt …} as the page wrote it, with its file names taken in {@code folder}. */
    private static int run(String command, Path folder, StringWriter output) {
        List<String> words = new ArrayList<>(Arrays.asList(command.split(" ")));
        assertThat(words.remove(0)).isEqualTo("bin/verify-receipt");
        List<String> args = words.stream().map(w -> w.endsWith(".json") || w.endsWith(".ndjson")
                ? folder.resolve(w).toString() : w).toList();
        CommandLine cli = new CommandLine(new VerifyReceipt());
        cli.setOut(new PrintWriter(output, true));
        cli.setErr(new PrintWriter(output, true));
        return cli.execute(args.toArray(String[]::new));
    }

    private static void signIn(WebDriver page, String user) {
        page.manage().deleteAllCookies();
        page.get(console.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        page.findElement(By.id("code")).sendKeys(SuiteUnderTest.consoleCode(user));
        Browser.clickAndLoad(page, page.findElement(By.id("sign-in-local")));
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains(user, "local sign-in");
    }

    /**
     * A room of Alice's with Bob and Carol, resolved through Kafka as their agents would: both approve, each seals
     * windows to the room's key, all accept the best proposal. Returns it once Carol holds its receipt.
     */
    private static String resolvedRoom(String purpose) throws Exception {
        String id = "room-" + UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        accepted(id, "CreateCoordination", "{\"coordinationId\":\"" + id + "\",\"type\":\"meeting-sync\","
                + "\"purpose\":\"" + purpose + "\",\"participants\":[\"U0BOB\",\"U0CAROL\"],\"duration\":\"PT1H\","
                + "\"range\":{\"from\":\"" + day + "\",\"to\":\"" + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE");
        for (String person : List.of("U0BOB", "U0CAROL")) {
            accepted(id, "ApproveParticipation", "{\"coordinationId\":\"" + id + "\"}", person);
        }
        String roomKey = await().atMost(PATIENCE).until(() -> EnclaveJson.mapper().readTree(
                suite.get("/api/rooms/" + id, "U0ALICE").body()).path("roomKey").asText(null), Objects::nonNull);
        for (String person : PEOPLE) {
            String sealed = RoomSeals.sealWindows(roomKey, CoordinationId.of(id), UserId.of(person),
                    List.of(new TimeWindow(day.plus(Duration.ofHours(9)), day.plus(Duration.ofHours(12))))).value();
            accepted(id, "SubmitWindows", "{\"coordinationId\":\"" + id + "\",\"windows\":\"" + sealed + "\"}", person);
        }
        int best = await().atMost(PATIENCE).until(() -> firstProposal(id), n -> n > 0);
        for (String person : PEOPLE) {
            accepted(id, "AcceptSlot", "{\"coordinationId\":\"" + id + "\",\"proposal\":" + best + "}", person);
        }
        await().atMost(PATIENCE).until(() -> suite.get("/api/receipts", "U0CAROL").body().contains(id));
        return id;
    }

    private static void accepted(String key, String type, String payload, String actor) {
        await().atMost(PATIENCE).until(() -> suite.execute(key, type, payload, actor, null).status()
                == CommandResult.Status.ACCEPTED);
    }

    /** The number of the room's first proposal once the overlap engine made one, else 0. */
    private static int firstProposal(String id) throws Exception {
        List<byte[]> payloads = suite.database.queryForList("""
                select payload from coordination.domainevententry
                where aggregateidentifier = ? and payloadtype like '%.SlotsProposed'""", byte[].class, id);
        for (byte[] payload : payloads) {
            JsonNode candidates = EnclaveJson.mapper().readTree(payload).path("candidates");
            if (!candidates.isEmpty()) {
                return candidates.get(0).path("number").asInt();
            }
        }
        return 0;
    }
}
