package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.testsupport.Browser;
import io.enclavesuite.testsupport.SlackRequests;
import io.enclavesuite.testsupport.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's Coordination feed in a real Chromium against the whole suite: Carol signs in locally, sees the room
 * she is asked into under Needs attention with the badge, approves it from the feed — a command through Kafka to the
 * coordination service — and the feed follows live; a stranger's room answers "not found".
 */
class ConsoleFeedBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
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
    void carolApprovesFromTheFeedAndTheFeedFollowsLive() {
        String room = createRoom("U0CAROL", "Q1 planning");
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");

        page.get(console.resolve("/feed").toString());
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            page.navigate().refresh();
            assertThat(item(page, room).getText()).contains("Q1 planning", "awaiting approval");
        });
        // the live feed may swap the list under us at any moment: read it again until it holds still
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(page.findElement(By.id("badge")).getText()).isEqualTo("1");
            assertThat(page.findElement(By.cssSelector("[data-bucket=NEEDS_ATTENTION]")).getText())
                    .contains("Q1 planning");
        });
        browser.screenshot("feed-needs-attention");

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                item(page, room).findElement(By.cssSelector("button.approve")).click());
        // the room page, after the write side's answer
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(page.findElement(By.cssSelector(".notice")).getText())
                .contains("approved"));
        browser.screenshot("room-approved");

        // a room that changes while the feed is open: the page follows without a reload
        page.get(console.resolve("/feed").toString());
        String second = createRoom("U0CAROL", "Design review");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            assertThat(page.findElement(By.id("feed")).getAttribute("data-updated")).isNotNull();
            assertThat(item(page, second).getText()).contains("Design review", "awaiting approval");
        });
        browser.screenshot("feed-live");
    }

    /**
     * Defer leaves Needs attention and keeps the room in the feed; decline calls it off — both reach the coordination
     * service through Kafka — and the Slack App Home, read by the gateway for the same person, says the same.
     */
    @Test
    void deferThenDeclineAndSlackShowsTheSameState() throws Exception {
        try (SlackStandIn slack = SlackStandIn.start()) {
            SlackRequests gateway = suite.startGateway(slack);
            String room = createRoom("U0FRAN", "Budget review");
            WebDriver page = browser.driver();
            signIn(page, "U0FRAN");
            page.get(console.resolve("/feed").toString());
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                page.navigate().refresh();
                assertThat(item(page, room).getText()).contains("awaiting approval");
            });
            assertThat(home(slack, gateway, "U0FRAN", "Ev0HOME1")).anySatisfy(text -> assertThat(text)
                    .contains("Budget review").contains("_awaiting approval_"))
                    .contains(":large_orange_circle: *1* needs your attention");

            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                    item(page, room).findElement(By.cssSelector("button.defer")).click());
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(page.findElement(By.cssSelector(".notice"))
                    .getText()).contains("Deferred"));
            page.get(console.resolve("/feed").toString());
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                assertThat(page.findElement(By.id("badge")).getText()).isEqualTo("0");
                assertThat(item(page, room).getText()).contains("deferred", "awaiting approval");
                assertThat(page.findElements(By.cssSelector("[data-bucket=NEEDS_ATTENTION]"))).isEmpty();
            });
            browser.screenshot("feed-deferred");
            assertThat(home(slack, gateway, "U0FRAN", "Ev0HOME2")).anySatisfy(text -> assertThat(text)
                    .contains("Budget review"))
                    .doesNotContain(":large_orange_circle: *1* needs your attention");

            page.get(console.resolve("/rooms/" + room).toString());
            page.findElement(By.cssSelector("button.decline")).click();
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(page.findElement(By.cssSelector(".notice"))
                    .getText()).contains("declined"));
            await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                page.navigate().refresh();
                assertThat(page.findElement(By.cssSelector(".status")).getText()).isEqualTo("aborted");
            });
            browser.screenshot("room-declined");
            assertThat(home(slack, gateway, "U0FRAN", "Ev0HOME3")).anySatisfy(text -> assertThat(text)
                    .contains("Budget review").contains("_aborted_"));
        }
    }

    /** The texts of the App Home the gateway publishes for {@code user} when they open it. */
    private static List<String> home(SlackStandIn slack, SlackRequests gateway, String user, String eventId)
            throws Exception {
        int before = slack.calls("views.publish").size();
        gateway.signed(SlackRequests.event(eventId, "{\"type\":\"app_home_opened\",\"user\":\"" + user
                + "\",\"channel\":\"D0" + user.substring(1) + "\",\"tab\":\"home\",\"event_ts\":\"1.0\"}"),
                SlackRequests.JSON);
        SlackStandIn.Call publish = await().atMost(PATIENCE).until(() -> slack.calls("views.publish").stream()
                .skip(before).filter(c -> user.equals(c.param("user_id"))).findFirst(), Optional::isPresent).get();
        List<String> texts = new ArrayList<>();
        EnclaveJson.mapper().readTree(publish.param("view")).path("blocks")
                .forEach(block -> texts.add(block.path("text").path("text").asText()));
        return texts;
    }

    @Test
    void aStrangersRoomIsNotFound() {
        String room = createRoom("U0DAVE", "Not Carol's");
        WebDriver page = browser.driver();
        signIn(page, "U0CAROL");
        page.get(console.resolve("/rooms/" + room).toString());
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        page.get(console.resolve("/rooms/room-" + UUID.randomUUID()).toString());
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
    }

    private static void signIn(WebDriver page, String user) {
        page.manage().deleteAllCookies();
        page.get(console.resolve("/feed").toString());
        assertThat(page.getCurrentUrl()).endsWith("/sign-in");
        assertThat(page.findElement(By.cssSelector(".local-sign-in")).getText()).contains("For this machine only");
        page.findElement(By.id("code")).sendKeys(SuiteUnderTest.consoleCode(user));
        Browser.clickAndLoad(page, page.findElement(By.id("sign-in-local")));
        assertThat(page.findElement(By.cssSelector(".who")).getText()).contains(user, "local sign-in");
    }

    private static WebElement item(WebDriver page, String room) {
        return page.findElement(By.cssSelector("li.item[data-room='" + room + "']"));
    }

    /** A room of Alice's with {@code asked}, who must approve joining. */
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
