package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.testsupport.ApiTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person's Coordination feed as Server-Sent Events: the feed at once, then again when a room they are asked into
 * appears (through Kafka, the coordination service, the event topic and the read model), and again when they approve.
 */
class LiveFeedTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static SuiteUnderTest suite;

    @BeforeAll
    static void start() {
        suite = new SuiteUnderTest().startWithCoordination();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    @Test
    void theFeedIsPushedWhenARoomOfTheReaderChanges() throws Exception {
        int port = ((WebServerApplicationContext) suite.query).getWebServer().getPort();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<Void>> stream = http.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/feed/coordination/stream"))
                .header("Authorization", ApiTokens.bearer("U0DORA")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        lines.add(line);
                    }

                    @Override
                    public void onError(Throwable error) {
                        // the stream is cancelled when the test ends
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        try {
            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(line -> line.startsWith("data:")
                    && line.contains("\"badge\":0")));
            assertThat(lines).contains("event:feed");

            String room = "room-" + UUID.randomUUID();
            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
            await().atMost(PATIENCE).until(() -> suite.execute(room, "CreateCoordination", "{\"coordinationId\":\""
                    + room + "\",\"type\":\"meeting-sync\",\"purpose\":\"live\",\"participants\":[\"U0DORA\","
                    + "\"U0EMIL\"],\"duration\":\"PT1H\",\"range\":{\"from\":\"" + day + "\",\"to\":\""
                    + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE", null).status() == CommandResult.Status.ACCEPTED);

            // asked to approve: the room is in her feed and needs her attention
            await().atMost(PATIENCE).until(() -> lines.stream().anyMatch(line -> line.startsWith("data:")
                    && line.contains(room) && line.contains("\"badge\":1")));
            int before = lines.size(); // the push may beat the command's own answer
            await().atMost(PATIENCE).until(() -> suite.execute(room, "ApproveParticipation",
                    "{\"coordinationId\":\"" + room + "\"}", "U0DORA", null).status() == CommandResult.Status.ACCEPTED);
            // approved: pushed again, her part no longer "awaiting approval"
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(lines.subList(before, lines.size()))
                    .anySatisfy(line -> assertThat(line).startsWith("data:").contains(room)
                            .doesNotContain("awaiting approval")));
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void theStreamNeedsAToken() throws Exception {
        assertThat(suite.get("/api/feed/coordination/stream").statusCode()).isEqualTo(401);
    }
}
