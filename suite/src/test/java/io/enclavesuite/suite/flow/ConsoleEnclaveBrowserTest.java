package io.enclavesuite.suite.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's team-enclave pages in a real Chromium against the suite: Alice's enclave with Bob as a member, Bob's
 * scheduled tentacle and Alice's private one. Alice sees it all; its history filters and pages; "as of" before Bob
 * joined shows the enclave without him; Bob sees exactly what the read API grants him (not Alice's private
 * tentacle); Eve, a stranger, gets "not found" for the enclave, its history and its past.
 */
class ConsoleEnclaveBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String ENCLAVE = "console-team";
    private static final String CHANNEL = "C0CONSOLETEAM";
    private static final String ALICE = "U0ALICE";
    private static final String BOB = "U0BOB";
    private static final String EVE = "U0EVE";
    private static SuiteUnderTest suite;
    private static URI console;
    private static Browser browser;
    /** A whole second after the enclave was provisioned and before Bob joined. */
    private static Instant beforeBob;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest().startAll();
        console = suite.startConsole();
        browser = Browser.start();

        accepted("ProvisionEnclave", "{\"enclaveId\":\"" + ENCLAVE + "\",\"channel\":{\"id\":\"" + CHANNEL
                + "\",\"name\":\"console-team\"},\"quota\":\"small\"}", ALICE);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api("/api/enclaves/" + ENCLAVE, ALICE).toString())
                .contains("\"status\":\"ACTIVE\"", "\"object-storage\":{\"state\":\"available\""));
        beforeBob = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        await().atMost(PATIENCE).until(() -> Instant.now().isAfter(beforeBob));

        accepted("RegisterMember", "{\"enclaveId\":\"" + ENCLAVE + "\",\"member\":\"" + BOB + "\"}", BOB);
        accepted("DeployTentacle", """
                {"enclaveId":"console-team","tentacle":"report","image":"ghcr.io/acme/report:1.0.0",
                 "schedule":"0 2 * * *","dependencies":["postgres"]}""", BOB);
        accepted("DeployTentacle", """
                {"enclaveId":"console-team","tentacle":"ledger","image":"ghcr.io/acme/ledger:2.1.0",
                 "mode":"private"}""", ALICE);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(names(api("/api/enclaves/" + ENCLAVE + "/tentacles",
                ALICE))).containsExactly("ledger", "report"));
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
    void aliceSeesHerEnclaveWithItsMembersServicesAndTentacles() {
        WebDriver page = browser.driver();
        signIn(page, ALICE);

        open(page, "/enclaves");
        WebElement row = page.findElement(By.cssSelector("tr[data-enclave='" + ENCLAVE + "']"));
        assertThat(row.getText()).contains(ENCLAVE, "ACTIVE", ALICE, "#console-team", "owner");
        browser.screenshot("enclaves");

        Browser.clickAndLoad(page, row.findElement(By.linkText(ENCLAVE)));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo(ENCLAVE);
        assertThat(page.findElement(By.id("status")).getText()).contains("ACTIVE");
        assertThat(page.findElement(By.id("owner")).getText()).isEqualTo(ALICE);
        assertThat(page.findElement(By.id("quota")).getText()).isEqualTo("small");
        assertThat(page.findElement(By.id("mode")).getText()).contains("rwxrwx---", "member-edit",
                "the owner: view, change and run", "members: view, change and run", "everyone else: nothing");
        assertThat(page.findElement(By.id("members")).getText()).isEqualTo(BOB);
        assertThat(page.findElement(By.cssSelector("tr[data-service=postgres]")).getText())
                .contains("available", "database enclave-console-team");
        assertThat(page.findElement(By.cssSelector("tr[data-service=object-storage]")).getText())
                .contains("available", "bucket enclave-console-team");
        assertThat(page.findElement(By.cssSelector("tr[data-service=messaging]")).getText()).contains("not requested");
        assertThat(page.findElement(By.cssSelector("tr[data-tentacle=report]")).getText())
                .contains("ghcr.io/acme/report:1.0.0", "0 2 * * *", "rwxrwx---", BOB, "scheduled: 0 2 * * *",
                        "needs postgres", "manual runs: 0");
        assertThat(page.findElement(By.cssSelector("tr[data-tentacle=ledger]")).getText())
                .contains("ghcr.io/acme/ledger:2.1.0", "runs continuously", "rwx------",
                        "members nothing", ALICE);
        assertThat(page.findElement(By.cssSelector("a.why")).getAttribute("href"))
                .endsWith("/why?aggregate=" + ENCLAVE);
        browser.screenshot("enclave");
        ((JavascriptExecutor) page).executeScript("arguments[0].scrollIntoView();",
                page.findElement(By.id("members-heading")));
        browser.screenshot("enclave-members-services-tentacles");
    }

    @Test
    void theHistoryFiltersByTypeAndPagesWithASmallLimit() throws Exception {
        WebDriver page = browser.driver();
        signIn(page, ALICE);
        open(page, "/enclaves/" + ENCLAVE);
        Browser.clickAndLoad(page, page.findElement(By.id("history-link")));
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("History of " + ENCLAVE);

        page.findElement(By.id("type")).sendKeys("TentacleDeployed");
        Browser.clickAndLoad(page, page.findElement(By.id("apply-filters")));
        assertThat(page.getCurrentUrl()).contains("type=TentacleDeployed");
        List<WebElement> deployed = page.findElements(By.cssSelector("#history tbody tr"));
        assertThat(deployed).hasSize(2).allSatisfy(tr ->
                assertThat(tr.getAttribute("data-type")).isEqualTo("TentacleDeployed"));
        String sequence = deployed.get(0).getAttribute("data-sequence");
        assertThat(deployed.get(0).findElement(By.cssSelector("a.why")).getAttribute("href"))
                .endsWith("/why?aggregate=" + ENCLAVE + "&sequence=" + sequence);
        browser.screenshot("enclave-history-filtered");

        // every event, two to a page, following "Next page" to the end: the same events as the read API's, in order
        List<Long> all = sequences(api("/api/enclaves/" + ENCLAVE + "/history?limit=1000", ALICE).path("items"));
        assertThat(all).hasSizeGreaterThan(4);
        open(page, "/enclaves/" + ENCLAVE + "/history");
        page.findElement(By.id("limit")).sendKeys("2");
        Browser.clickAndLoad(page, page.findElement(By.id("apply-filters")));
        List<Long> paged = new ArrayList<>();
        int pages = 0;
        while (true) {
            List<WebElement> rows = page.findElements(By.cssSelector("#history tbody tr"));
            List<WebElement> next = page.findElements(By.id("next-page"));
            // a page with a next one is full
            assertThat(rows).hasSizeBetween(next.isEmpty() ? 1 : 2, 2);
            rows.forEach(tr -> paged.add(Long.parseLong(tr.getAttribute("data-sequence"))));
            if (++pages == 2) {
                assertThat(page.findElements(By.id("first-page"))).hasSize(1);
                browser.screenshot("enclave-history-page-2");
            }
            if (next.isEmpty()) {
                break;
            }
            Browser.clickAndLoad(page, next.get(0));
        }
        // events may still come (the sagas' own), after those the read API gave a moment ago
        assertThat(paged.size()).isGreaterThanOrEqualTo(all.size());
        assertThat(paged.subList(0, all.size())).isEqualTo(all);
        assertThat(paged).isSorted().doesNotHaveDuplicates();

        // a malformed filter: the read API's reason beside the form
        open(page, "/enclaves/" + ENCLAVE + "/history");
        page.findElement(By.id("from")).sendKeys("yesterday");
        Browser.clickAndLoad(page, page.findElement(By.id("apply-filters")));
        assertThat(page.findElement(By.id("filter-problem")).getText())
                .isEqualTo("from must be an ISO-8601 instant such as 2026-11-23T10:00:00Z, not 'yesterday'");
        assertThat(page.findElements(By.cssSelector("#history tbody tr"))).isEmpty();
        browser.screenshot("enclave-history-malformed-filter");
    }

    @Test
    void asOfBeforeBobJoinedShowsTheEnclaveWithoutHimAndLinksBackToNow() {
        WebDriver page = browser.driver();
        signIn(page, ALICE);
        open(page, "/enclaves/" + ENCLAVE);

        // a datetime-local field takes typed keys in the browser's locale; its value is the same everywhere
        WebElement at = page.findElement(By.id("at"));
        String local = LocalDateTime.ofInstant(beforeBob, ZoneOffset.UTC).toString();
        ((JavascriptExecutor) page).executeScript("arguments[0].value = arguments[1];", at, local);
        assertThat(at.getDomProperty("value")).isEqualTo(local);
        Browser.clickAndLoad(page, page.findElement(By.id("show-as-of")));
        await().atMost(PATIENCE).until(() -> page.getCurrentUrl().contains("at="));
        browser.screenshot("enclave-as-of");
        assertThat(page.findElements(By.id("as-of"))).as(page.findElement(By.id("main")).getText()).hasSize(1);
        assertThat(page.findElement(By.id("as-of")).getText()).contains("As of " + beforeBob + " (UTC)",
                "not as it is now");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo(ENCLAVE + " as of " + beforeBob);
        assertThat(page.findElement(By.id("status")).getText()).contains("ACTIVE");
        assertThat(page.findElement(By.id("no-members")).getText()).isEqualTo("No members besides the owner.");
        assertThat(page.findElements(By.id("no-tentacles"))).hasSize(1);

        Browser.clickAndLoad(page, page.findElement(By.id("back-to-now")));
        assertThat(page.findElements(By.id("as-of"))).isEmpty();
        assertThat(page.findElement(By.id("members")).getText()).isEqualTo(BOB);

        // before the enclave existed: the plain "not found", whoever asks
        open(page, "/enclaves/" + ENCLAVE + "?at=2000-01-01T00:00:00Z");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    }

    @Test
    void aStrangerGetsNotFoundForTheEnclaveItsHistoryAndItsPast() {
        WebDriver page = browser.driver();
        signIn(page, "U0NOBODY");
        open(page, "/enclaves/no-such-enclave");
        String missing = page.findElement(By.id("main")).getText();
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");

        signIn(page, EVE);
        open(page, "/enclaves");
        assertThat(page.findElements(By.cssSelector("tr[data-enclave='" + ENCLAVE + "']"))).isEmpty();
        for (String path : List.of("/enclaves/" + ENCLAVE, "/enclaves/" + ENCLAVE + "/history",
                "/enclaves/" + ENCLAVE + "/history?from=yesterday", "/enclaves/" + ENCLAVE + "?at=" + beforeBob,
                "/enclaves/" + ENCLAVE + "?at=not-a-time")) {
            open(page, path);
            assertThat(page.findElement(By.id("main")).getText()).as(path).isEqualTo(missing);
        }
        browser.screenshot("enclave-stranger-not-found");
    }

    @Test
    void eachPersonSeesThroughTheConsoleWhatTheReadApiGrantsThem() throws Exception {
        WebDriver page = browser.driver();
        for (String reader : List.of(BOB, ALICE)) {
            signIn(page, reader);
            open(page, "/enclaves");
            assertThat(page.findElements(By.cssSelector("tr[data-enclave]")))
                    .extracting(tr -> tr.getAttribute("data-enclave"))
                    .as(reader).containsExactlyElementsOf(names(api("/api/enclaves", reader)));

            await().atMost(PATIENCE).untilAsserted(() -> {
                open(page, "/enclaves/" + ENCLAVE);
                JsonNode enclave = api("/api/enclaves/" + ENCLAVE, reader);
                assertThat(page.findElements(By.cssSelector("#members li"))).extracting(WebElement::getText)
                        .as(reader).containsExactlyElementsOf(texts(enclave.path("members")));
                assertThat(page.findElement(By.id("role")).getText()).isEqualTo(reader.equals(ALICE) ? "owner" : "member");
                assertThat(page.findElements(By.cssSelector("#tentacles tbody tr")))
                        .extracting(tr -> tr.getAttribute("data-tentacle"))
                        .as(reader).containsExactlyElementsOf(names(api("/api/enclaves/" + ENCLAVE + "/tentacles", reader)));
            });
            if (reader.equals(BOB)) {
                assertThat(page.findElements(By.cssSelector("tr[data-tentacle=ledger]"))).isEmpty();
                browser.screenshot("enclave-as-member");
            }

            await().atMost(PATIENCE).untilAsserted(() -> {
                open(page, "/enclaves/" + ENCLAVE + "/history?limit=1000");
                assertThat(page.findElements(By.cssSelector("#history tbody tr")))
                        .extracting(tr -> Long.parseLong(tr.getAttribute("data-sequence")))
                        .as(reader).containsExactlyElementsOf(sequences(api("/api/enclaves/" + ENCLAVE
                                + "/history?limit=1000", reader).path("items")));
            });
            open(page, "/enclaves/" + ENCLAVE + "?at=" + Instant.now());
            assertThat(page.findElements(By.cssSelector("#tentacles tbody tr")))
                    .extracting(tr -> tr.getAttribute("data-tentacle"))
                    .as(reader).containsExactlyElementsOf(names(api("/api/enclaves/" + ENCLAVE + "/as-of?at="
                            + Instant.now(), reader).path("tentacles")));
        }
        // Alice's private tentacle is hidden from Bob by the API, and so by the console
        assertThat(names(api("/api/enclaves/" + ENCLAVE + "/tentacles", BOB))).containsExactly("report");
    }

    /**
     * Readable on a phone: at a phone's width (390 CSS pixels) no page scrolls sideways — wide tables scroll inside
     * their own box — and each keeps its heading and the navigation.
     */
    @Test
    void onAPhoneNoPageIsWiderThanTheScreen() {
        try (Browser phone = Browser.startPhone()) {
            WebDriver page = phone.driver();
            signIn(page, ALICE);
            for (String path : List.of("/feed", "/activity", "/history", "/enclaves", "/enclaves/" + ENCLAVE,
                    "/enclaves/" + ENCLAVE + "/history", "/receipts", "/autonomy", "/why?aggregate=" + ENCLAVE)) {
                open(page, path);
                long viewport = (Long) ((JavascriptExecutor) page).executeScript("return window.innerWidth");
                long content = (Long) ((JavascriptExecutor) page).executeScript(
                        "return document.documentElement.scrollWidth");
                assertThat(content).as(path + " is " + content + " px wide on a " + viewport + " px screen")
                        .isLessThanOrEqualTo(viewport);
                assertThat(page.findElement(By.tagName("h1")).isDisplayed()).as(path).isTrue();
                assertThat(page.findElements(By.cssSelector("nav[aria-label=Console] a"))).as(path).hasSize(6);
                phone.screenshot("phone" + path.replaceAll("[^a-z0-9]+", "-"));
            }
        }
    }

    private static void open(WebDriver page, String path) {
        page.get(console.resolve(path).toString());
    }

    private static void signIn(WebDriver page, String user) {
        page.manage().deleteAllCookies();
        open(page, "/enclaves");
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        page.findElement(By.id("code")).sendKeys(SuiteUnderTest.consoleCode(user));
        Browser.clickAndLoad(page, page.findElement(By.id("sign-in-local")));
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains(user, "local sign-in");
    }

    private static void accepted(String type, String payload, String actor) throws Exception {
        CommandResult result = suite.execute(ENCLAVE, type, payload, actor, CHANNEL);
        assertThat(result.status()).as(type + ": " + result.reason()).isEqualTo(CommandResult.Status.ACCEPTED);
    }

    /** The read API's answer for {@code reader}, which must be 200. */
    private static JsonNode api(String path, String reader) throws Exception {
        HttpResponse<String> response = suite.get(path, reader);
        assertThat(response.statusCode()).as(path + " for " + reader).isEqualTo(200);
        return EnclaveJson.mapper().readTree(response.body());
    }

    /** The names of a list of enclaves or tentacles, or the keys of the as-of answer's tentacles, in order. */
    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        if (items.isObject()) {
            items.fieldNames().forEachRemaining(names::add);
        } else {
            items.forEach(item -> names.add(item.path("name").asText()));
        }
        return names;
    }

    private static List<String> texts(JsonNode items) {
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<Long> sequences(JsonNode items) {
        List<Long> sequences = new ArrayList<>();
        items.forEach(item -> sequences.add(item.path("sequence").asLong()));
        return sequences;
    }
}
