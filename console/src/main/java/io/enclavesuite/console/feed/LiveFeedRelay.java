package io.enclavesuite.console.feed;

import io.enclavesuite.console.ConsoleProperties;
import io.enclavesuite.console.readapi.PersonTokens;
import io.enclavesuite.console.signin.Person;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Scanner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read API's live Coordination feed, relayed to the person's browser: one upstream stream per browser stream,
 * opened with that person's token. A person holds at most {@code streams-per-person} at once (the oldest closes
 * when another opens), and a stream is released upstream as soon as its browser goes — noticed at the next event
 * or heartbeat, whichever comes first.
 */
public class LiveFeedRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LiveFeedRelay.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI stream;
    private final PersonTokens tokens;
    private final int perPerson;
    private final ExecutorService readers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "console-live-feed");
        thread.setDaemon(true);
        return thread;
    });
    private final java.util.concurrent.ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "console-live-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
    private final Map<String, Deque<Relay>> byPerson = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean ending;

    public LiveFeedRelay(ConsoleProperties properties, PersonTokens tokens, MeterRegistry meters) {
        this.stream = properties.queryUrl().resolve("/api/feed/coordination/stream");
        this.tokens = tokens;
        this.perPerson = properties.streamsPerPerson();
        meters.gauge("enclave_console_live_feeds", open);
    }

    /** Number of relays open now (every person). */
    public int open() {
        return open.get();
    }

    public SseEmitter subscribe(Person person) {
        SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
        if (ending) {
            emitter.complete(); // the service is stopping: the browser reconnects, to another replica
            return emitter;
        }
        Relay relay = new Relay(person.value(), emitter);
        Relay oldest = null;
        Deque<Relay> mine = byPerson.computeIfAbsent(person.value(), p -> new ArrayDeque<>());
        synchronized (mine) {
            mine.addLast(relay);
            if (mine.size() > perPerson) {
                oldest = mine.pollFirst();
            }
        }
        if (oldest != null) {
            oldest.close();
        }
        open.incrementAndGet();
        emitter.onCompletion(relay::close);
        emitter.onTimeout(relay::close);
        emitter.onError(e -> relay.close());
        HttpRequest request = HttpRequest.newBuilder(stream).header("Accept", "text/event-stream")
                .header("Authorization", tokens.bearer(person)).timeout(Duration.ofSeconds(10)).GET().build();
        relay.reading = readers.submit(() -> relay.read(request));
        relay.heartbeat = heartbeats.scheduleAtFixedRate(relay::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        return emitter;
    }

    /**
     * Ends every stream as the service starts to stop (as the read API's own feeds do), so that they do not hold the
     * web server's graceful shutdown for its whole timeout: an open stream is an active request. EventSource clients
     * reconnect, to another replica or to this one when it is back.
     */
    @EventListener(ContextClosedEvent.class)
    public void endAll() {
        ending = true;
        closeAll();
    }

    @Override
    public void destroy() {
        endAll();
        heartbeats.shutdownNow();
        readers.shutdownNow();
    }

    private void closeAll() {
        byPerson.values().forEach(relays -> {
            List<Relay> closing;
            synchronized (relays) {
                closing = List.copyOf(relays); // closing one removes a relay from its deque
            }
            closing.forEach(Relay::close);
        });
    }

    private final class Relay {
        private final String person;
        private final SseEmitter emitter;
        private volatile InputStream upstream;
        private volatile java.util.concurrent.Future<?> reading;
        private volatile java.util.concurrent.ScheduledFuture<?> heartbeat;
        private volatile boolean closed;

        Relay(String person, SseEmitter emitter) {
            this.person = person;
            this.emitter = emitter;
        }

        void read(HttpRequest request) {
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                upstream = response.body();
                if (response.statusCode() != 200) {
                    log.warn("The read API refused {}'s live feed: {}", person, response.statusCode());
                    emitter.complete();
                    return;
                }
                // Server-sent events: "event: feed" then data lines, an empty line ends one event.
                try (Scanner lines = new Scanner(upstream, StandardCharsets.UTF_8)) {
                    String event = null;
                    while (!closed && lines.hasNextLine()) {
                        String line = lines.nextLine();
                        if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.isEmpty() && event != null) {
                            emitter.send(SseEmitter.event().name(event).data("changed"));
                            event = null;
                        }
                    }
                }
                emitter.complete(); // the read API ended the stream: the browser reconnects by itself
            } catch (IOException | IllegalStateException e) {
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
            }
        }

        void heartbeat() {
            try {
                emitter.send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException gone) {
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.decrementAndGet();
            Deque<Relay> mine = byPerson.get(person);
            if (mine != null) {
                synchronized (mine) {
                    mine.remove(this);
                }
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            InputStream in = upstream;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the upstream connection is being dropped anyway
                }
            }
            if (reading != null) {
                reading.cancel(true);
            }
            try {
                emitter.complete();
            } catch (IllegalStateException alreadyDone) {
                // completed by the container
            }
        }
    }
}
