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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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

    public Dispatcher(CommandOutbox outbox, OutboxRelay relay, Replies replies, Executor executor, Clock clock) {
        this.outbox = outbox;
        this.relay = relay;
        this.replies = replies;
        this.executor = executor;
        this.clock = clock;
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
        if (request.payload() == null || !request.payload().isObject() || CommandCatalog.owning(request.type()).isEmpty()) {
            throw new IllegalArgumentException("not a command any service takes: " + request.type());
        }
        // The command id is the trace id the write side logs it under (docs/operations.md): one id for the whole path.
        try (var trace = org.slf4j.MDC.putCloseable("traceId", request.commandId().toString())) {
            outbox.store(request, clock.instant());
        } catch (DataAccessException e) {
            // the class and SQLSTATE only: the database's own words may quote the row, payload and all
            String why = e.getClass().getSimpleName() + (e.getMostSpecificCause() instanceof java.sql.SQLException sql
                    ? " (SQLSTATE " + sql.getSQLState() + ")" : "");
            log.warn("{} {} for {} not stored, nothing sent: {}", request.type(), request.commandId(), request.actor(), why);
            throw new NotKept("the command outbox did not take " + request.type() + ": " + why, e);
        }
        relay.wake();
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
