package io.enclavesuite.slack.outbox;

import io.enclavesuite.commands.CommandPublisher;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.slack.outbox.PendingReplies.FollowUp;
import io.enclavesuite.slack.outbox.PendingReplies.Pending;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sends a command for a Slack request after the request has been acknowledged (Slack waits 3 seconds, Kafka may
 * take longer): the answer is expected first, so a fast result cannot slip past, then the command goes out. If it
 * cannot go out, the person hears so and nothing was sent.
 */
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

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

    private static final ObjectMapper JSON = EnclaveJson.mapper();

    private final CommandPublisher publisher;
    private final PendingReplies pending;
    private final Replies replies;
    private final Executor executor;
    private final Clock clock;
    private final io.enclavesuite.slack.GatewayMetrics metrics;

    public Dispatcher(CommandPublisher publisher, PendingReplies pending, Replies replies, Executor executor, Clock clock,
                      io.enclavesuite.slack.GatewayMetrics metrics) {
        this.metrics = metrics;
        this.publisher = publisher;
        this.pending = pending;
        this.replies = replies;
        this.executor = executor;
        this.clock = clock;
    }

    /** Queues the request; the caller acknowledges Slack at once. */
    public void dispatch(Request request) {
        try {
            executor.execute(() -> send(request));
        } catch (RejectedExecutionException e) {
            log.warn("Too busy to send {} for {}", request.type(), request.actor());
            tell(request, ":hourglass: Too many requests right now; nothing was sent. Try again in a moment.");
        }
    }

    /** Sends now, on the caller's thread (channel events, whose delivery Slack retries itself). */
    public void send(Request request) {
        // The command id is the trace id the write side logs it under (docs/operations.md): one id for the whole path.
        try (var trace = org.slf4j.MDC.putCloseable("traceId", request.commandId().toString())) {
            sendTraced(request);
        }
    }

    private void sendTraced(Request request) {
        if (request.responseUrl() != null || request.follow() == FollowUp.DIRECT_MESSAGE) {
            pending.expect(new Pending(request.commandId(), request.responseUrl(), request.actor(), request.channelId(),
                    request.subject(), request.follow(), clock.instant()));
        }
        try {
            publisher.publish(request.commandId(), request.type(), request.payload(), request.actor(),
                    request.channelId(), request.key());
            metrics.command(request.type(), true);
        } catch (CommandPublisher.PublishFailed e) {
            metrics.command(request.type(), false);
            log.warn("{} for {} not sent: {}", request.type(), request.actor(), e.getMessage());
            if (request.responseUrl() != null && pending.take(request.commandId()).isPresent()) {
                tell(request, ":x: The command service cannot be reached right now; nothing was sent. Try again shortly.");
            }
            if (request.responseUrl() == null) {
                throw e;
            }
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

    private void tell(Request request, String text) {
        safely(request.responseUrl(), text);
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
