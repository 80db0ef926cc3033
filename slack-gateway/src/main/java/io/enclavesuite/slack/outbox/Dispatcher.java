package io.enclavesuite.slack.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Takes the commands of Slack requests (and of sign-ins): each is stored in the command outbox — one short
 * transaction, before the caller acknowledges anything — and the relay woken to publish it. What is acknowledged is
 * therefore never lost: a gateway that dies right after the acknowledgement leaves the row for the next one. If the
 * row cannot be stored, nothing was sent and the caller says so. Read-only work after the acknowledgement
 * ({@link #later}) runs on a small pool of its own.
 */
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    /** What a person hears when their request could not be stored: nothing of it will be sent. */
    public static final String NOT_KEPT = ":x: Your request could not be stored just now, so nothing was sent. Try "
            + "again in a moment.";

    /**
     * @param responseUrl where the result goes; null for requests nobody waits on (channel events)
     * @param subject     what was asked, in words, for the answer
     */
    public record Request(UUID commandId, String type, JsonNode payload, String actor, String channelId, String key,
                          String responseUrl, String subject, FollowUp follow) {

        public static Request of(UUID commandId, Object command, String actor, String channelId, String key,
                                 String responseUrl, String subject) {
            return new Request(commandId, command.getClass().getSimpleName(), JSON.valueToTree(command), actor,
                    channelId, key, responseUrl, subject, FollowUp.NONE);
        }

        public Request following(FollowUp follow) {
            return new Request(commandId, type, payload, actor, channelId, key, responseUrl, subject, follow);
        }
    }

    /** The request could not be stored in the outbox: nothing was sent, nothing will be. */
    public static final class NotKept extends RuntimeException {
        NotKept(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final CommandOutbox outbox;
    private final OutboxRelay relay;
    private final Replies replies;
    private final Executor executor;
    private final Clock clock;
    private final Duration holdFor;

    /** @param holdFor how long a request may wait for its check ({@link #dispatchChecked}) before it is dropped */
    public Dispatcher(CommandOutbox outbox, OutboxRelay relay, Replies replies, Executor executor, Clock clock,
                      Duration holdFor) {
        this.outbox = outbox;
        this.relay = relay;
        this.replies = replies;
        this.executor = executor;
        this.clock = clock;
        this.holdFor = holdFor;
    }

    /**
     * Stores the request for the relay. True once it is stored: acknowledge now, it will be sent. False when it could
     * not be: nothing was sent, and the caller tells the person so ({@link #NOT_KEPT}).
     */
    public boolean dispatch(Request request) {
        try {
            send(request);
            return true;
        } catch (NotKept e) {
            return false;
        }
    }

    /**
     * Stores the request for the relay, for callers whose failure is an error answer of their own: a channel event
     * (Slack delivers it again), a sign-in page (the person reloads it), the membership drift check (its next pass).
     *
     * @throws NotKept when it could not be stored: nothing was sent
     */
    public void send(Request request) {
        store(request, null);
        relay.wake();
    }

    /**
     * Stores the request held, and checks it after the acknowledgement (a check may take longer than Slack waits):
     * no refusal releases it to the relay; a refusal drops it, and the person is told the refusal. Nothing is lost
     * if the gateway stops before the check is done: the hold runs out after hold-for, and the relay drops the
     * request and tells the person nothing was sent.
     *
     * @param check the refusal, in words for the person, or empty to send
     * @return true once stored (acknowledge now); false when it could not be stored (nothing sent, say so)
     */
    public boolean dispatchChecked(Request request, Supplier<Optional<String>> check) {
        try {
            store(request, clock.instant().plus(holdFor));
        } catch (NotKept e) {
            return false;
        }
        UUID id = request.commandId();
        try {
            executor.execute(() -> {
                try {
                    Optional<String> refusal = check.get();
                    if (refusal.isPresent()) {
                        if (outbox.discard(id)) { // else its hold ran out and the relay told the person
                            safely(request.responseUrl(), refusal.get());
                        }
                    } else if (outbox.release(id, clock.instant())) {
                        relay.wake();
                    }
                } catch (RuntimeException e) {
                    log.warn("The check of {} {} failed: {}", request.type(), id, e.toString());
                    if (discarded(id)) {
                        safely(request.responseUrl(), ":x: That did not work: the suite could not check your request "
                                + "just now, so nothing was sent. Try again shortly.");
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (discarded(id)) {
                safely(request.responseUrl(), ":hourglass: Too many requests right now; nothing was sent. Try again in "
                        + "a moment.");
            }
        }
        return true;
    }

    /** Drops a held request; false when the database would not (its hold runs out, and the relay tells the person). */
    private boolean discarded(UUID id) {
        try {
            return outbox.discard(id);
        } catch (DataAccessException e) {
            return false;
        }
    }

    /** @param heldUntil null: due at once */
    private void store(Request request, Instant heldUntil) {
        if (request.payload() == null || !request.payload().isObject() || CommandCatalog.owning(request.type()).isEmpty()) {
            throw new IllegalArgumentException("not a command any service takes: " + request.type());
        }
        // The command id is the trace id the write side logs it under (docs/operations.md): one id for the whole path.
        try (var trace = org.slf4j.MDC.putCloseable("traceId", request.commandId().toString())) {
            outbox.store(request, clock.instant(), heldUntil);
        } catch (DataAccessException e) {
            // the class and SQLSTATE only: the database's own words may quote the row, payload and all
            String why = e.getClass().getSimpleName() + (e.getMostSpecificCause() instanceof java.sql.SQLException sql
                    ? " (SQLSTATE " + sql.getSQLState() + ")" : "");
            log.warn("{} {} for {} not stored, nothing sent: {}", request.type(), request.commandId(), request.actor(), why);
            throw new NotKept("the command outbox did not take " + request.type() + ": " + why, e);
        }
    }

    /** Tells the person, after the acknowledgement, that their request could not be stored ({@link #NOT_KEPT}). */
    public void notKept(String responseUrl) {
        if (responseUrl != null) {
            later(responseUrl, () -> replies.ephemeral(responseUrl, NOT_KEPT, List.of()));
        }
    }

    /** Runs read-only work after the acknowledgement, answering through the response_url. */
    public void later(String responseUrl, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    log.warn("A Slack request failed after its acknowledgement: {}", e.toString());
                    safely(responseUrl, ":x: That did not work: the suite could not answer just now. Try again shortly.");
                }
            });
        } catch (RejectedExecutionException e) {
            safely(responseUrl, ":hourglass: Too many requests right now. Try again in a moment.");
        }
    }

    private void safely(String responseUrl, String text) {
        if (responseUrl == null) {
            return;
        }
        try {
            replies.ephemeral(responseUrl, text, List.of());
        } catch (RuntimeException e) {
            log.warn("Could not tell the user through the response_url: {}", e.getMessage());
        }
    }
}
