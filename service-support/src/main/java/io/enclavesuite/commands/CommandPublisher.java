package io.enclavesuite.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts a command on the topic of the service that takes it, as the verified Slack user, from the channel the request
 * came from, signed by the gateway's principal: the write services believe the actor because that principal vouches
 * for it, and the events it causes say {@code via=kafka:<principal>}.
 */
public class CommandPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topics;
    private final PrincipalSigner signer;
    private final SealedAnswers.ReplyKey replyKey;
    private final Clock clock;
    private final java.time.Duration timeout;
    private final ObjectMapper json = EnclaveJson.mapper();

    public CommandPublisher(KafkaTemplate<String, String> kafka, TopicNames topics, PrincipalSigner signer,
                            SealedAnswers.ReplyKey replyKey, Clock clock, java.time.Duration timeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.signer = signer;
        this.replyKey = replyKey;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** A command record (validated by its constructor) as the payload. */
    public void publish(UUID commandId, Object command, String actor, String channelId, String key) {
        publish(commandId, command.getClass().getSimpleName(), json.valueToTree(command), actor, channelId, key);
    }

    /**
     * A payload the receiving service completes itself (a ProvisionEnclave without its derived name).
     *
     * @throws PublishFailed when Kafka did not take the record in time
     */
    public void publish(UUID commandId, String type, JsonNode payload, String actor, String channelId, String key) {
        CompletableFuture<Void> sent = send(commandId, type, payload, actor, channelId, key);
        try {
            sent.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailed("interrupted while sending " + type, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishFailed failed ? failed
                    : new PublishFailed("could not send " + type + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailed("could not send " + type + ": no acknowledgement within " + timeout, e);
        }
    }

    /**
     * Hands the command to Kafka without waiting for its acknowledgement, so that several travel together: the future
     * completes when Kafka has acknowledged it, or exceptionally with {@link PublishFailed}. Whoever waits on it bounds
     * the wait (the producer's delivery.timeout.ms ends it in any case).
     *
     * @throws PublishFailed            when Kafka would not even take it (no metadata within max.block.ms: the broker
     *                                  is away)
     * @throws IllegalArgumentException when no service takes this type, or the payload is not a JSON object
     */
    public CompletableFuture<Void> send(UUID commandId, String type, JsonNode payload, String actor, String channelId,
                                        String key) {
        if (!(payload instanceof ObjectNode)) {
            throw new IllegalArgumentException("a command payload is a JSON object");
        }
        CommandCatalog catalog = CommandCatalog.owning(type)
                .orElseThrow(() -> new IllegalArgumentException(CommandCatalog.unknownToAll(type)));
        CommandEnvelope envelope = new CommandEnvelope(commandId, type, payload, actor, channelId, clock.instant(),
                replyKey.publicKey());
        try {
            String value = json.writeValueAsString(envelope);
            ProducerRecord<String, String> record = new ProducerRecord<>(catalog.topic(topics), key, value);
            record.headers().add(EnvelopeSignature.HEADER,
                    signer.sign(value.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
            return kafka.send(record).handle((result, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw new PublishFailed("could not send " + type + ": " + rootMessage(cause), cause);
                }
                return null;
            });
        } catch (org.springframework.kafka.KafkaException | org.apache.kafka.common.KafkaException e) {
            // send() itself throws when no metadata arrives within max.block.ms (the broker is away)
            throw new PublishFailed("could not send " + type + ": " + rootMessage(e), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PublishFailed("could not send " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Kafka did not take the command (or did not say it did in time). */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
