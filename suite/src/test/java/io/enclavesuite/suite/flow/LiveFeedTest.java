package io.enclavesuite.suite.flow;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.testsupport.ApiTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

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
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = stream(suite.query, "U0DORA", lines);
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

    /**
     * With two replicas of the read side, only one runs the rooms projection; subscribers of both are pushed the
     * change (PostgreSQL NOTIFY from the projection's transaction, LISTEN in every replica).
     */
    @Test
    void everyReplicaPushesToItsOwnSubscribers() throws Exception {
        ConfigurableApplicationContext second = suite.start(io.enclavesuite.query.EnclaveQueryApplication.application());
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> one = stream(suite.query, "U0FAY", first);
        CompletableFuture<HttpResponse<Void>> two = stream(second, "U0FAY", other);
        try {
            await().atMost(PATIENCE).until(() -> first.contains("event:feed") && other.contains("event:feed"));
            String room = "room-" + UUID.randomUUID();
            Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7));
            await().atMost(PATIENCE).until(() -> suite.execute(room, "CreateCoordination", "{\"coordinationId\":\""
                    + room + "\",\"type\":\"meeting-sync\",\"purpose\":\"replicas\",\"participants\":[\"U0FAY\","
                    + "\"U0GUS\"],\"duration\":\"PT1H\",\"range\":{\"from\":\"" + day + "\",\"to\":\""
                    + day.plus(Duration.ofDays(1)) + "\"}}", "U0ALICE", null).status() == CommandResult.Status.ACCEPTED);

            await().atMost(PATIENCE).until(() -> first.stream().anyMatch(line -> line.startsWith("data:") && line.contains(room))
                    && other.stream().anyMatch(line -> line.startsWith("data:") && line.contains(room)));
        } finally {
            one.cancel(true);
            two.cancel(true);
            second.close();
        }
    }

    private static final String ENDED = "<the server ended the stream>";
    private static final String BROKEN = "<the stream broke>";

    /**
     * A replica that stops ends its streams first (the client reconnects elsewhere), instead of leaving them open
     * until the web server's graceful shutdown gives up and cuts them.
     */
    @Test
    void aStoppingReplicaEndsItsStreamsCleanly() throws Exception {
        ConfigurableApplicationContext leaving = suite.start(io.enclavesuite.query.EnclaveQueryApplication.application());
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = stream(leaving, "U0HAL", lines);
        await().atMost(PATIENCE).until(() -> lines.contains("event:feed"));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(leaving::close);

        await().atMost(PATIENCE).until(() -> lines.contains(ENDED) || lines.contains(BROKEN));
        assertThat(lines).contains(ENDED).doesNotContain(BROKEN);
        closing.get();
        assertThat(stream).isCompleted();
    }

    /** Subscribes to {@code reader}'s feed stream on one replica of the read side; every line goes to {@code lines}. */
    private static CompletableFuture<HttpResponse<Void>> stream(ConfigurableApplicationContext query, String reader,
                                                                List<String> lines) {
        int port = ((WebServerApplicationContext) query).getWebServer().getPort();
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/feed/coordination/stream"))
                .header("Authorization", ApiTokens.bearer(reader)).header("Accept", "text/event-stream").build(),
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
                        lines.add(BROKEN);
                    }

                    @Override
                    public void onComplete() {
                        lines.add(ENDED);
                    }
                }));
    }

    @Test
    void theStreamNeedsAToken() throws Exception {
        assertThat(suite.get("/api/feed/coordination/stream").statusCode()).isEqualTo(401);
    }
}
