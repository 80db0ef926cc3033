package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.testsupport.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's Activity feed and "Why?" in a real Chromium against the whole suite: Carol's approval of a room shows
 * in her Activity with its note; its Why? opens a drawer that leads back to her (who, which way, which channel) and
 * shows the room's transitions; Escape closes it and gives the focus back to the link. The full page answers without
 * the script, and a stranger's room is "not found" there and through the drawer alike.
 */
class ConsoleWhyActivityBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String CHANNEL = "C0PLANNING";
    private static SuiteUnderTest suite;
    private static URI console;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        suite = new SuiteUnderTest().startWithCoordination();
        console = suite.startConsole();
        browser = Browser.start();
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
    void carolsApprovalIsInHerActivityAndWhyLeadsBackToHer() {
        String room = createRoom("U0CAROL", "Q1 planning");
        approve(room, "U0EMIL", null);
        approve(room, "U0CAROL", CHANNEL);
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");

        // her approval, with its note, and the room opening that it completed
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.get(console.resolve("/activity").toString());
            assertThat(items(page, room)).contains("U0CAROL approved joining", "Coordination opened");
        });
        // asking her was the suite's doing, on Alice's request
        assertThat(items(page, room)).contains("Participation approval requested",
                "by the suite, following on from U0ALICE's request");
        browser.screenshot("activity");

        WebElement why = approval(page, room).findElement(By.cssSelector("a.why"));
        why.click();
        WebElement drawer = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> page.findElement(By.cssSelector("aside.drawer[role=dialog]")), WebElement::isDisplayed);
        assertThat(drawer.getAttribute("aria-modal")).isEqualTo("true");
        assertThat(page.findElement(By.id(drawer.getAttribute("aria-labelledby"))).getText())
                .isEqualTo("Participation authorized");
        assertThat(drawer.findElement(By.cssSelector(".origin")).getText())
                .contains("U0CAROL asked for it", "through suite-test (a signed command)", "from channel " + CHANNEL);
        assertThat(drawer.findElement(By.cssSelector(".policy")).getText()).contains("U0CAROL approved joining");
        assertThat(drawer.findElement(By.cssSelector(".transitions")).getText())
                .contains("Coordination created", "Coordination opened");
        // the page stays where it was: the drawer is beside it, not instead of it
        assertThat(page.getCurrentUrl()).endsWith("/activity");
        assertThat(page.switchTo().activeElement().getAttribute("id")).isEqualTo("why-drawer-title");
        browser.screenshot("why-drawer");

        new Actions(page).sendKeys(Keys.ESCAPE).perform();
        await().atMost(PATIENCE).until(() -> page.findElements(By.cssSelector("aside.drawer")).isEmpty());
        assertThat(page.switchTo().activeElement()).isEqualTo(why);
    }

    @Test
    void theFullWhyPageAnswersWithoutTheScript() {
        String room = createRoom("U0CAROL", "Design review");
        approve(room, "U0CAROL", CHANNEL);
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");

        // without a sequence: the room's latest event, her approval (Emil has not answered)
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.get(console.resolve("/why?aggregate=" + room).toString());
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Why?");
            assertThat(page.findElement(By.id("why-title")).getText()).isEqualTo("Participation authorized");
        });
        assertThat(page.findElement(By.cssSelector(".origin")).getText())
                .contains("U0CAROL asked for it", "through suite-test", "from channel " + CHANNEL);
        assertThat(page.findElement(By.cssSelector(".transitions")).getText()).contains("Coordination created");
        assertThat(page.findElement(By.cssSelector(".crumbs a")).getAttribute("href")).endsWith("/rooms/" + room);
        browser.screenshot("why-page");

        // the room's first event: Alice created it, and the chain holds what her request set off
        page.get(console.resolve("/why?aggregate=" + room + "&sequence=0").toString());
        assertThat(page.findElement(By.id("why-title")).getText()).isEqualTo("Coordination created");
        assertThat(page.findElement(By.cssSelector(".origin")).getText()).contains("U0ALICE asked for it");
        assertThat(page.findElement(By.cssSelector(".disclosed")).getText()).contains("the room's purpose");

        page.get(console.resolve("/why?aggregate=" + room + "&sequence=first").toString());
        assertThat(page.findElement(By.cssSelector("p.problem")).getText()).contains("'first'");
    }

    @Test
    void whyOnAStrangersRoomIsNotFound() {
        String room = createRoom("U0DAVE", "Not Carol's");
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");
        for (String path : new String[]{"/why?aggregate=" + room, "/why?aggregate=" + room + "&sequence=0",
                "/why?aggregate=room-" + UUID.randomUUID(), "/why?aggregate=no-such-enclave&sequence=0"}) {
            page.get(console.resolve(path).toString());
            assertThat(page.findElement(By.tagName("h1")).getText()).as(path).isEqualTo("Not found");
        }

        // a Why? link to it opens no drawer: the page it leads to says "not found"
        page.get(console.resolve("/activity").toString());
        ((JavascriptExecutor) page).executeScript("var a = document.createElement('a'); a.className = 'why';"
                + " a.id = 'stranger'; a.href = arguments[0]; a.textContent = 'Why?';"
                + " document.getElementById('main').appendChild(a);", "/why?aggregate=" + room);
        page.findElement(By.id("stranger")).click();
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(page.getCurrentUrl()).contains("/why?aggregate=" + room);
            assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        });
        assertThat(page.findElements(By.cssSelector("aside.drawer"))).isEmpty();
    }

    private static String items(WebDriver page, String room) {
        StringBuilder text = new StringBuilder();
        page.findElements(By.cssSelector("li.activity-item[data-aggregate='" + room + "']"))
                .forEach(item -> text.append(item.getText()).append('\n'));
        return text.toString();
    }

    private static WebElement approval(WebDriver page, String room) {
        return page.findElements(By.cssSelector("li.activity-item[data-aggregate='" + room + "']")).stream()
                .filter(item -> item.getText().contains("U0CAROL approved joining")).findFirst().orElseThrow();
    }

    /** Signs in from the Activity page, which (unlike the feed) holds no live stream open while the browser waits. */
    private static void signIn(WebDriver page, String user) {
        page.manage().deleteAllCookies();
        page.get(console.resolve("/activity").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        page.findElement(By.id("code")).sendKeys(SuiteUnderTest.consoleCode(user));
        Browser.clickAndLoad(page, page.findElement(By.id("sign-in-local")));
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                assertThat(page.findElement(By.cssSelector(".who")).getText()).contains(user, "local sign-in"));
    }

    private static void approve(String room, String person, String channel) {
        await().atMost(PATIENCE).until(() -> suite.execute(room, "ApproveParticipation",
                "{\"coordinationId\":\"" + room + "\"}", person, channel).status() == CommandResult.Status.ACCEPTED);
    }

    /** A room of Alice's with {@code asked} and Emil, each of whom must approve joining. */
    private static String createRoom(String asked, String purpose) {
        String room = "room-" + UUID.randomUUID();
        Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
        await().atMost(PATIENCE).until(() -> suite.execute(room, "CreateCoordination", "{\"coordinationId\":\""
                + room + "\",\"type\":\"meeting-sync\",\"purpose\":\"" + purpose + "\",\"participants\":[\"" + asked
                + "\",\"U0EMIL\"],\"duration\":\"PT1H\",\"range\":{\"from\":\"" + day + "\",\"to\":\""
                + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE", null).status() == CommandResult.Status.ACCEPTED);
        return room;
    }
}
