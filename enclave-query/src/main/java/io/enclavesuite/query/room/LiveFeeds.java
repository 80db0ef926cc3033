package io.enclavesuite.query.room;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.coordination.CoordinationCreated;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.query.infrastructure.ReadSideProcessors;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import javax.sql.DataSource;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Server-Sent Events of each person's Coordination feed: on connecting, and again every time a room they take part
 * in changes, the subscriber receives an event {@code feed} with the whole feed (items, "needs attention", badge).
 * A change is pushed after the read model's transaction commits, so what is pushed is what a GET would return — by
 * every replica of the read side to its own subscribers ({@link RoomChanges}: PostgreSQL NOTIFY, sent in that
 * transaction), not only by the replica that ran the projection. Subscriptions live in a replica's memory: a client
 * reconnects (EventSource does so by itself) after a restart.
 * <p>
 * A person holds at most {@code per-person} streams on a replica (the oldest ends when another opens), and every
 * stream gets a comment line each {@code heartbeat}: a client gone without a word is noticed then, not at the next
 * change of a room, and its subscription released.
 */
public class LiveFeeds {

    private static final Logger log = LoggerFactory.getLogger(LiveFeeds.class);
    /** Long enough to be cheap, short enough that proxies and dead clients do not hold connections for ever. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    /** How old a room event may be and still be news worth pushing. */
    static final Duration LIVE = Duration.ofMinutes(5);

    private record Subscription(SseEmitter emitter, Supplier<JsonNode> feed) {
    }

    private final JdbcTemplate jdbc;
    private final int perPerson;
    private final Map<String, List<Subscription>> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "live-feed-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    public LiveFeeds(JdbcTemplate jdbc, Settings settings) {
        this.jdbc = jdbc;
        this.perPerson = settings.perPerson();
        long every = settings.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * {@code enclave.read-side.live-feed.*}.
     *
     * @param perPerson streams one person may hold open on one replica
     * @param heartbeat how often every stream gets a comment line, by which a gone client is found
     */
    @ConfigurationProperties("enclave.read-side.live-feed")
    public record Settings(@DefaultValue("5") int perPerson, @DefaultValue("PT20S") Duration heartbeat) {
        public Settings {
            if (perPerson < 1) {
                throw new IllegalArgumentException("enclave.read-side.live-feed.per-person must be at least 1");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("enclave.read-side.live-feed.heartbeat must be positive");
            }
        }
    }

    /** Streams {@code person} holds open on this replica. */
    int streamsOf(String person) {
        return subscriptions.getOrDefault(person, List.of()).size();
    }

    /** A stream for {@code reader}, starting with their feed as it is now; {@code feed} computes it afresh. */
    public SseEmitter subscribe(UserId reader, Supplier<JsonNode> feed) {
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        Subscription subscription = new Subscription(emitter, feed);
        List<Subscription> mine = subscriptions.computeIfAbsent(reader.value(), who -> new CopyOnWriteArrayList<>());
        synchronized (mine) {
            while (mine.size() >= perPerson) {
                mine.remove(0).emitter().complete(); // the oldest: its EventSource reconnects if still wanted
            }
            mine.add(subscription);
        }
        Runnable forget = () -> mine.remove(subscription);
        emitter.onCompletion(forget);
        emitter.onTimeout(forget);
        emitter.onError(error -> forget.run());
        send(subscription);
        return emitter;
    }

    /** Whether anyone listens: a rebuild's million events cost no query each when no one does. */
    boolean listened() {
        return subscriptions.values().stream().anyMatch(mine -> !mine.isEmpty());
    }

    /** Pushes the feed to every subscriber of this replica who takes part in {@code room}. */
    void roomChanged(String room) {
        if (!listened()) {
            return;
        }
        for (String person : jdbc.queryForList("select user_id from room_participant where room_id = ?", String.class,
                room)) {
            subscriptions.getOrDefault(person, List.of()).forEach(LiveFeeds::send);
        }
    }

    /**
     * Ends every stream as the service starts to stop, so that they do not hold the web server's graceful shutdown
     * for its whole timeout; EventSource clients reconnect, to another replica or to this one when it is back.
     */
    @EventListener(ContextClosedEvent.class)
    public void endAll() {
        heartbeats.shutdownNow();
        subscriptions.values().forEach(mine -> mine.forEach(subscription -> subscription.emitter().complete()));
        subscriptions.clear();
    }

    /** One comment line to every stream; a stream that cannot take it is released. */
    void heartbeat() {
        subscriptions.values().forEach(mine -> mine.forEach(subscription -> {
            try {
                subscription.emitter().send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException gone) {
                mine.remove(subscription);
                subscription.emitter().completeWithError(gone);
            }
        }));
    }

    private static void send(Subscription subscription) {
        try {
            subscription.emitter().send(SseEmitter.event().name("feed").data(subscription.feed().get()));
        } catch (IOException | IllegalStateException e) {
            log.debug("a feed subscriber went away", e);
            subscription.emitter().completeWithError(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(Settings.class)
    static class LiveFeedConfiguration {

        @Bean
        LiveFeeds liveFeeds(JdbcTemplate jdbc, Settings settings) {
            return new LiveFeeds(jdbc, settings);
        }

        @Bean
        RoomChanges roomChanges(DataSource dataSource, LiveFeeds feeds) {
            return new RoomChanges(dataSource, feeds::roomChanged);
        }

        /**
         * Every fresh room event the rooms read model handles is announced to all replicas in its transaction (the
         * processor also reads the team enclaves' topic, whose events no room feed shows, and, when the read models
         * share one processor, runs the other read models' handlers too: only coordination events are announced).
         * Events older than {@link #LIVE} are history being rebuilt or caught up on: nobody is told of each of those.
         */
        @Bean
        ConfigurerModule roomChangesReachLiveFeeds(RoomChanges changes, ReadSideProcessors processors) {
            MessageHandlerInterceptor<EventMessage<?>> notify = (unitOfWork, chain) -> {
                Object result = chain.proceed();
                if (unitOfWork.getMessage() instanceof DomainEventMessage<?> event
                        && event.getPayloadType().getPackage() == CoordinationCreated.class.getPackage()
                        && event.getTimestamp().isAfter(Instant.now().minus(LIVE))) {
                    changes.announce(event.getAggregateIdentifier());
                }
                return result;
            };
            return configurer -> configurer.eventProcessing()
                    .registerHandlerInterceptor(processors.processorOf(RoomProjection.PROCESSING_GROUP),
                            configuration -> notify);
        }
    }
}
