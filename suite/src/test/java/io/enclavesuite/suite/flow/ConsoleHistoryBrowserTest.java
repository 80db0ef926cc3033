package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.testsupport.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's History in a real Chromium against the whole suite: Carol's rooms and the enclave she belongs to,
 * searched by type, status, person and text through the page's GET form, walked page by page with "Next page" — and
 * nothing of Dave's, whose room and enclave she has no part in.
 */
class ConsoleHistoryBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static SuiteUnderTest suite;
    private static URI console;
    private static Browser browser;

    private static String planning;
    private static String review;
    private static String declined;
    private static final String ENCLAVE = "carol-team";
    private static String strangersRoom;
    private static final String STRANGERS_ENCLAVE = "dave-only";

    /**
     * Alice asks Carol into three rooms (Fred is in the review too), Carol declines one of them; Alice's enclave has
     * Carol as a member. Dave has a room with Emil and an enclave of his own.
     */
    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest().startWithCoordination();
        console = suite.startConsole();
        browser = Browser.start();

        provision(ENCLAVE, "U0ALICE", "C0CAROLTEAM");
        accepted(ENCLAVE, "RegisterMember", "{\"enclaveId\":\"" + ENCLAVE + "\",\"member\":\"U0CAROL\"}", "U0CAROL",
                "C0CAROLTEAM");
        provision(STRANGERS_ENCLAVE, "U0DAVE", "C0DAVEONLY");
        planning = createRoom("U0ALICE", "Quarterly planning", "U0CAROL", "U0EMIL");
        review = createRoom("U0ALICE", "Design review", "U0CAROL", "U0FRED");
        declined = createRoom("U0ALICE", "Offsite venue", "U0CAROL", "U0EMIL");
        accepted(declined, "DeclineParticipation", "{\"coordinationId\":\"" + declined
                + "\",\"reason\":\"not this quarter\"}", "U0CAROL", null);
        strangersRoom = createRoom("U0DAVE", "Dave's planning", "U0EMIL", "U0GINA");

        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");
        // the read side catches up: every one of Carol's items, the declined room as aborted
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.get(console.resolve("/history").toString());
            assertThat(ids(page)).containsExactlyInAnyOrder(planning, review, declined, ENCLAVE);
            assertThat(row(page, declined).getText()).contains("aborted");
        });
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
    void carolsRoomsAndEnclaveNewestFirstWithLinksAndWhy() {
        WebDriver page = browser.driver();
        page.get(console.resolve("/history").toString());
        assertThat(ids(page)).containsExactlyInAnyOrder(declined, review, planning, ENCLAVE);
        assertThat(ids(page)).doesNotContain(strangersRoom, STRANGERS_ENCLAVE);
        List<Instant> changed = page.findElements(By.cssSelector("tr.history-item time")).stream()
                .map(time -> Instant.parse(time.getAttribute("datetime"))).toList();
        assertThat(changed).as("newest change first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(page.getPageSource()).doesNotContain("Dave's planning", STRANGERS_ENCLAVE);

        WebElement enclave = row(page, ENCLAVE);
        assertThat(enclave.getText()).contains("enclave", "ACTIVE", "U0ALICE, U0CAROL");
        assertThat(enclave.findElement(By.linkText(ENCLAVE)).getAttribute("href"))
                .isEqualTo(console.resolve("/enclaves/" + ENCLAVE).toString());
        WebElement room = row(page, review);
        assertThat(room.getText()).contains("Design review", "room", "pending", "U0ALICE, U0CAROL, U0FRED");
        assertThat(room.findElement(By.linkText("Design review")).getAttribute("href"))
                .isEqualTo(console.resolve("/rooms/" + review).toString());
        assertThat(room.findElement(By.cssSelector("a.why")).getAttribute("href"))
                .startsWith(console.resolve("/why?aggregate=" + review + "&sequence=").toString());
        browser.screenshot("history");
    }

    @Test
    void eachFilterOfTheFormNarrowsTheList() {
        WebDriver page = browser.driver();
        search(page, "enclave", "", "", "");
        assertThat(ids(page)).containsExactly(ENCLAVE);
        assertThat(new Select(page.findElement(By.id("kind"))).getFirstSelectedOption().getText()).isEqualTo("Enclaves");

        search(page, "room", "", "", "");
        assertThat(ids(page)).containsExactlyInAnyOrder(declined, review, planning);
        search(page, "", "aborted", "", "");
        assertThat(ids(page)).containsExactly(declined);
        search(page, "", "pending", "", "");
        assertThat(ids(page)).containsExactlyInAnyOrder(review, planning);
        search(page, "", "", "U0EMIL", "");
        assertThat(ids(page)).containsExactlyInAnyOrder(declined, planning);
        search(page, "", "", "", "REVIEW");
        assertThat(ids(page)).containsExactly(review);
        search(page, "room", "pending", "U0EMIL", "planning");
        assertThat(ids(page)).containsExactly(planning);
        // the filters stay in the form, so the next search starts from them
        assertThat(page.findElement(By.id("person")).getAttribute("value")).isEqualTo("U0EMIL");
        browser.screenshot("history-filtered");

        // Dave's items are no person's way in: filtering by him or his guest finds nothing of his
        search(page, "", "", "U0DAVE", "");
        assertThat(ids(page)).isEmpty();
        assertThat(page.findElement(By.cssSelector(".history-empty")).getText()).isEqualTo("Nothing matches.");
        search(page, "", "", "U0GINA", "");
        assertThat(ids(page)).isEmpty();
    }

    @Test
    void nextPageWalksEveryItemOnce() {
        WebDriver page = browser.driver();
        page.get(console.resolve("/history").toString());
        List<String> all = ids(page);
        page.get(console.resolve("/history?kind=room").toString());
        List<String> rooms = ids(page);
        page.get(console.resolve("/history?limit=1").toString());
        List<String> walked = new ArrayList<>();
        for (int pages = 0; pages < 10; pages++) {
            walked.addAll(ids(page));
            List<WebElement> next = page.findElements(By.linkText("Next page"));
            if (next.isEmpty()) {
                break;
            }
            Browser.clickAndLoad(page, next.get(0));
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(page.findElements(By.linkText("First page"))).hasSize(1));
        }
        assertThat(walked).as("each item once, in the order of one long page").isEqualTo(all)
                .containsExactlyInAnyOrder(declined, review, planning, ENCLAVE);

        // a search keeps its page size and its filters from page to page
        page.get(console.resolve("/history?limit=1&kind=room").toString());
        Browser.clickAndLoad(page, page.findElement(By.linkText("Next page")));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(page.getCurrentUrl()).contains("after="));
        assertThat(ids(page)).containsExactly(rooms.get(1));
        assertThat(page.getCurrentUrl()).contains("kind=room", "limit=1", "after=");
        browser.screenshot("history-next-page");
    }

    @Test
    void aChangedCursorIsRefusedWithTheReason() {
        WebDriver page = browser.driver();
        page.get(console.resolve("/history?limit=1").toString());
        String next = page.findElement(By.linkText("Next page")).getAttribute("href");
        page.get(next.replace("after=", "after=X"));
        assertThat(page.findElement(By.cssSelector(".problem")).getText())
                .isEqualTo("after must be the 'next' of a previous page, exactly as given");
        assertThat(ids(page)).isEmpty();
        assertThat(page.findElements(By.id("q"))).hasSize(1);
    }

    private static void search(WebDriver page, String kind, String status, String person, String text) {
        page.get(console.resolve("/history").toString());
        new Select(page.findElement(By.id("kind"))).selectByValue(kind);
        type(page, "status", status);
        type(page, "person", person);
        type(page, "q", text);
        Browser.clickAndLoad(page, page.findElement(By.cssSelector("form.history-search button[type=submit]")));
        // the form's answer is a page of its own: wait for it, not for the one the search started from
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(page.getCurrentUrl()).contains("/history?"));
    }

    private static void type(WebDriver page, String field, String text) {
        WebElement input = page.findElement(By.id(field));
        input.clear();
        input.sendKeys(text);
    }

    private static List<String> ids(WebDriver page) {
        return page.findElements(By.cssSelector("tr.history-item")).stream()
                .map(row -> row.getAttribute("data-id")).toList();
    }

    private static WebElement row(WebDriver page, String id) {
        return page.findElement(By.cssSelector("tr.history-item[data-id='" + id + "']"));
    }

    private static void signIn(WebDriver page, String user) {
        page.manage().deleteAllCookies();
        page.get(console.resolve("/history").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        page.findElement(By.id("code")).sendKeys(SuiteUnderTest.consoleCode(user));
        Browser.clickAndLoad(page, page.findElement(By.id("sign-in-local")));
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains(user, "local sign-in");
    }

    private static void provision(String enclave, String owner, String channel) throws Exception {
        accepted(enclave, "ProvisionEnclave", "{\"channel\":{\"id\":\"" + channel + "\",\"name\":\"" + enclave
                + "\"},\"quota\":\"small\"}", owner, channel);
        await().atMost(PATIENCE).until(() -> suite.storedEventTypes(enclave).stream()
                .anyMatch(type -> type.endsWith("EnclaveActivated")));
    }

    private static void accepted(String key, String type, String payload, String actor, String channel) {
        await().atMost(PATIENCE).until(() -> suite.execute(key, type, payload, actor, channel).status()
                == CommandResult.Status.ACCEPTED);
    }

    /** A room of {@code initiator}'s with two others, who are asked to approve joining. */
    private static String createRoom(String initiator, String purpose, String first, String second) {
        String room = "room-" + UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        accepted(room, "CreateCoordination", "{\"coordinationId\":\"" + room + "\",\"type\":\"meeting-sync\","
                + "\"purpose\":\"" + purpose + "\",\"participants\":[\"" + first + "\",\"" + second + "\"],"
                + "\"duration\":\"PT1H\",\"range\":{\"from\":\"" + day + "\",\"to\":\"" + day.plus(Duration.ofDays(1))
                + "\"}}", initiator, null);
        return room;
    }
}
