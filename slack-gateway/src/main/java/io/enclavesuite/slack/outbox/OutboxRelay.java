package io.enclavesuite.slack.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.commands.CommandPublisher;
import io.enclavesuite.slack.GatewayMetrics;
import io.enclavesuite.slack.GatewayMetrics.CommandOutcome;
import io.enclavesuite.slack.notify.Notice;
import io.enclavesuite.slack.notify.SlackWebApi;
import io.enclavesuite.slack.outbox.CommandOutbox.Row;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import io.enclavesuite.slack.outbox.PendingReplies.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes the command outbox to Kafka, on one thread of its own: woken by the dispatcher the moment a row is stored
 * (so a command goes out within milliseconds), and every sweep interval for rows nobody woke it for — left by a
 * gateway that stopped or crashed, or due again after a failed publish. Each pass claims a batch, expects each answer
 * (while the request's response_url is still good), hands the batch to Kafka together and deletes each row Kafka
 * acknowledged. A failed publish is tried again, waiting longer each time; the person hears once that it is kept,
 * and, if it is still failing after give-up-after, that it was not sent.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String KEPT = ":hourglass: The command service is slow to answer; your request is kept and will be sent.";
    static final String NOT_SENT = ":x: The command service could not be reached for %s, so your request was not "
            + "sent. Try again.";
    static final String NOT_CHECKED = ":x: Your request could not be checked in time (Slack did not answer, or the "
            + "gateway restarted meanwhile), so nothing was sent. Try again.";
    /** A reason Kafka gives is its own words, but bounded: it goes into a column and the log. */
    private static final int MAX_ERROR = 500;

    private final CommandOutbox outbox;
    private final CommandPublisher publisher;
    private final PendingReplies pending;
    private final Replies replies;
    private final SlackWebApi slack;
    private final Executor telling;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final OutboxProperties settings;
    private final Duration replyPatience;
    private final Duration publishTimeout;
    private final AtomicBoolean woken = new AtomicBoolean();
    private volatile ScheduledExecutorService thread;
    private volatile boolean running;
    private volatile CommandOutbox.Backlog backlog = new CommandOutbox.Backlog(0, null);

    /**
     * @param telling where people are told about a slow or failed publish (Slack's answer does not hold up the relay)
     */
    public OutboxRelay(CommandOutbox outbox, CommandPublisher publisher, PendingReplies pending, Replies replies,
                       SlackWebApi slack, Executor telling, GatewayMetrics metrics, Clock clock,
                       OutboxProperties settings, Duration replyPatience, Duration publishTimeout) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.pending = pending;
        this.replies = replies;
        this.slack = slack;
        this.telling = telling;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.replyPatience = replyPatience;
        this.publishTimeout = publishTimeout;
        metrics.outbox(() -> backlog.depth(), () -> {
            Instant oldest = backlog.oldest();
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
        });
    }

    /** A row was stored: publish it now rather than at the next sweep. */
    public void wake() {
        ScheduledExecutorService current = thread;
        if (!settings.relayEnabled() || !running || current == null || !woken.compareAndSet(false, true)) {
            return; // disabled, stopped, or a pass is queued already and will see the row
        }
        try {
            current.execute(this::drain);
        } catch (RejectedExecutionException e) {
            woken.set(false); // stopping: the row stays for the next gateway
        }
    }

    private void sweep() {
        try {
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            log.warn("The command outbox could not be read; the next sweep tries again: {}", e.toString());
            return;
        }
        if (settings.relayEnabled() && backlog.depth() > 0) {
            drain();
        }
    }

    /** Batches until none is full: a backlog goes out at once, not one batch per sweep. */
    private void drain() {
        woken.set(false); // a row stored from now on wakes another pass
        try {
            int claimed;
            do {
                claimed = pass();
            } while (running && claimed == settings.batchSize());
        } catch (RuntimeException e) {
            log.warn("The command outbox relay stopped short; the next sweep tries again: {}", e.toString());
        }
    }

    /** One batch: claimed, sent together, each row then deleted or put back. Returns how many rows it claimed. */
    private int pass() {
        List<Row> rows = outbox.claim(clock.instant(), settings.lease(), settings.batchSize());
        List<InFlight> inFlight = new ArrayList<>();
        Retries retries = new Retries();
        String brokerAway = null;
        for (Row row : rows) {
            if (!outbox.sealed(row)) {
                refuse(row);
                continue;
            }
            if (row.held()) {
                unsettled(row);
                continue;
            }
            if (brokerAway != null) {
                retries.add(failed(row, brokerAway)); // each would wait for the broker as long again
                continue;
            }
            Throwable refused;
            try {
                CompletableFuture<Void> sent = send(row);
                if (sent == null) {
                    continue; // never sendable, given up
                }
                if (!sent.isCompletedExceptionally()) {
                    inFlight.add(new InFlight(row, sent));
                    continue;
                }
                refused = cause(sent); // failed as it was handed over: no metadata within max.block.ms, say
            } catch (CommandPublisher.PublishFailed e) {
                refused = e;
            }
            retries.add(failed(row, refused.getMessage()));
            if (brokerAway(refused)) {
                brokerAway = refused.getMessage();
            }
        }
        List<UUID> published = new ArrayList<>();
        long deadline = System.nanoTime() + publishTimeout.plusSeconds(1).toNanos();
        try {
            for (InFlight sent : inFlight) {
                try {
                    sent.sent().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    published.add(sent.row().commandId());
                    metrics.command(sent.row().type(), CommandOutcome.PUBLISHED);
                } catch (ExecutionException e) {
                    retries.add(failed(sent.row(), e.getCause().getMessage()));
                } catch (TimeoutException e) {
                    retries.add(failed(sent.row(), "Kafka did not acknowledge it within " + publishTimeout));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // stopping: what is not acknowledged stays, due after its lease
                    break;
                }
            }
        } finally {
            // even when putting a failed row back failed: what Kafka has is not sent again after the lease
            outbox.published(published);
        }
        retries.schedule();
        return rows.size();
    }

    private record InFlight(Row row, CompletableFuture<Void> sent) {
    }

    /** The soonest retry a pass set, woken for when it comes before the next sweep. */
    private final class Retries {
        private Duration soonest;

        void add(Duration wait) {
            if (wait != null && (soonest == null || wait.compareTo(soonest) < 0)) {
                soonest = wait;
            }
        }

        void schedule() {
            ScheduledExecutorService current = thread;
            if (soonest == null || soonest.compareTo(settings.sweepInterval()) >= 0 || current == null) {
                return;
            }
            try {
                current.schedule(OutboxRelay.this::wake, soonest.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // the next gateway's sweep finds it
            }
        }
    }

    /**
     * The answer expected first, so a fast result cannot slip past; then the command handed to Kafka. Null when the
     * row can never be sent (it is given up at once).
     *
     * @throws CommandPublisher.PublishFailed when Kafka would not take it
     */
    private CompletableFuture<Void> send(Row row) {
        try (var trace = MDC.putCloseable("traceId", row.commandId().toString())) {
            if (answerable(row) && (row.responseUrl() != null || row.follow() == FollowUp.DIRECT_MESSAGE)) {
                pending.expect(new Pending(row.commandId(), row.responseUrl(), row.actor(), row.channelId(),
                        row.subject(), row.follow(), row.acceptedAt()));
            }
            JsonNode payload = EnclaveJson.mapper().readTree(row.payload());
            return publisher.send(row.commandId(), row.type(), payload, row.actor(), row.channelId(), row.key());
        } catch (IllegalArgumentException | java.io.IOException e) {
            // stored by this gateway yet never sendable (a type no service takes): waiting will not change that
            log.error("{} {} for {} cannot be published at all and is dropped: {}", row.type(), row.commandId(),
                    row.actor(), e.getMessage());
            giveUp(row);
            return null;
        }
    }

    /**
     * One more failure: put back with a longer wait, or given up once give-up-after has passed since the ack.
     *
     * @return the wait before the row is due again; null when it was given up
     */
    private Duration failed(Row row, String error) {
        metrics.command(row.type(), CommandOutcome.FAILED);
        Instant now = clock.instant();
        String why = error == null ? "no reason given" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        try (var trace = MDC.putCloseable("traceId", row.commandId().toString())) {
            if (!now.isBefore(row.acceptedAt().plus(settings.giveUpAfter()))) {
                log.error("{} {} for {} given up: not published in {} ({} attempts), last because {}", row.type(),
                        row.commandId(), row.actor(), settings.giveUpAfter(), row.attempts() + 1, why);
                giveUp(row);
                return null;
            }
            Duration wait = settings.retryAfter(row.attempts() + 1);
            Optional<Integer> attempts = outbox.retryLater(row, now.plus(wait), why);
            log.warn("{} {} for {} not published (attempt {}), kept and tried again in {}: {}", row.type(),
                    row.commandId(), row.actor(), row.attempts() + 1, wait, why);
            if (attempts.isPresent() && attempts.get() == 1) {
                tell(row, KEPT);
            }
            return wait;
        }
    }

    private void giveUp(Row row) {
        if (!outbox.drop(row)) {
            return; // another relay holds it now, and decides
        }
        metrics.command(row.type(), CommandOutcome.GIVEN_UP);
        pending.take(row.commandId()); // no answer is coming
        tell(row, NOT_SENT.formatted(words(settings.giveUpAfter())));
    }

    /** Held for a check nobody settled in time: the gateway stopped meanwhile, or the check never finished. */
    private void unsettled(Row row) {
        if (outbox.drop(row)) {
            metrics.command(row.type(), CommandOutcome.GIVEN_UP);
            log.warn("{} {} for {} waited for its check longer than {}: dropped, not published", row.type(),
                    row.commandId(), row.actor(), settings.holdFor());
            tell(row, NOT_CHECKED);
        }
    }

    /** Not the gateway's: neither published nor answered (its response_url is as untrusted as the rest of it). */
    private void refuse(Row row) {
        if (outbox.drop(row)) {
            metrics.command("unverified", CommandOutcome.REFUSED);
            log.error("Outbox row {} does not carry the gateway's seal (written or changed outside the gateway, or "
                    + "sealed before the signing secret changed): dropped, not published", row.commandId());
        }
    }

    /** Whether Slack still honours the request's response_url (and the answer is still worth giving). */
    private boolean answerable(Row row) {
        return clock.instant().isBefore(row.acceptedAt().plus(replyPatience));
    }

    private void tell(Row row, String text) {
        if (!answerable(row) || (row.responseUrl() == null && row.follow() != FollowUp.DIRECT_MESSAGE)) {
            return; // nobody waits (a channel event, a sign-in page), or the response_url has expired
        }
        try {
            telling.execute(() -> {
                try {
                    if (row.responseUrl() != null) {
                        replies.ephemeral(row.responseUrl(), text, List.of());
                    } else {
                        slack.post(new Notice(row.actor(), text, List.of()));
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not tell {} about {} {}: {}", row.actor(), row.type(), row.commandId(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Could not tell {} about {} {}: too busy", row.actor(), row.type(), row.commandId());
        }
    }

    /** {@code 15 minutes}, {@code 1 minute}, {@code 40 seconds}. */
    static String words(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes >= 1) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long seconds = Math.max(1, duration.toSeconds());
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    /** Why a future that completed exceptionally failed: the publisher's PublishFailed, as a rule. */
    private static Throwable cause(CompletableFuture<Void> sent) {
        try {
            sent.getNow(null);
            return new IllegalStateException("no failure");
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /** A send that failed for want of the broker (no metadata within max.block.ms): the rest would fail the same. */
    private static boolean brokerAway(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "slack-outbox-relay");
            t.setDaemon(true);
            return t;
        });
        thread = started;
        running = true;
        if (!settings.relayEnabled()) {
            log.warn("The command outbox relay is disabled (enclave.slack.outbox.relay-enabled=false): commands are "
                    + "stored, and published by another gateway or once it is enabled");
        }
        started.scheduleWithFixedDelay(this::sweep, 0, settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The batch in hand is finished (bounded by the publish timeout); whatever is not claimed stays in the table. */
    @Override
    public void stop() {
        running = false;
        ScheduledExecutorService stopping = thread;
        if (stopping == null) {
            return;
        }
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(publishTimeout.toMillis() * 2 + 2_000, TimeUnit.MILLISECONDS)) {
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Started before the web server takes requests, stopped after it has finished the last of them. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;
    }
}
