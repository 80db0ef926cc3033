package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Results and dead letters, published in Kafka transactions. A poll's answers and the offsets of the records they
 * answer are committed together ({@link Pending#publish}): a replica killed between the two leaves an open
 * transaction that the broker aborts, so the records' next reader answers them again (from {@code processed_command})
 * and a {@code read_committed} reader of the results sees one answer per send. Until the broker aborts it (on the
 * replica's restart under the same transactional id, or after {@code transaction.timeout.ms}), such a reader waits at
 * the open transaction.
 */
class IntakeReplies implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntakeReplies.class);

    private final ProducerFactory<String, String> producers;
    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topics;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();

    /** @param producers a transactional factory ({@code transactional.id} as its prefix), closed with this */
    IntakeReplies(ProducerFactory<String, String> producers, TopicNames topics, Clock clock) {
        if (!producers.transactionCapable()) {
            throw new IllegalArgumentException("the intake's answers need a transactional producer factory");
        }
        this.producers = producers;
        this.kafka = new KafkaTemplate<>(producers);
        this.topics = topics;
        this.clock = clock;
    }

    /** The answers of one poll's records, kept until they are published together. */
    Pending pending() {
        return new Pending();
    }

    @Override
    public void close() {
        producers.reset();
    }

    final class Pending {

        /** An answer, and the index of the record it answers in its poll. */
        private record Reply(String topic, String key, String value, int record) {
        }

        private final List<Reply> replies = new ArrayList<>();
        private int record;

        /** The index, in the poll, of the record the next answers are for. */
        void forRecord(int index) {
            record = index;
        }

        void answer(CommandResult result) {
            add(topics.commandResults(), result.commandId().toString(), result);
        }

        void deadLetter(ConsumerRecord<String, String> record, String reason) {
            log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
            add(topics.commandsDeadLetter(), record.key(), new DeadLetter(reason, record.topic(), record.partition(),
                    record.offset(), record.key(),
                    DeadLetterRedaction.redact(record.value(), record.topic().equals(topics.coordinationCommands())),
                    clock.instant()));
        }

        private void add(String topic, String key, Object value) {
            try {
                replies.add(new Reply(topic, key, json.writeValueAsString(value), record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize " + value, e);
            }
        }

        /**
         * Publishes, in one transaction, the answers to the first {@code upTo} of the poll's {@code records} and —
         * given the consumer's group — those records' offsets. When Kafka refuses one answer, the answers before its
         * record are published again without it, and {@link NotAcknowledged} names its record; when the transaction
         * fails as a whole (the broker is away for longer than the producer waits), it names the first record.
         */
        void publish(List<ConsumerRecord<String, String>> records, int upTo, ConsumerGroupMetadata group) {
            int failed = upTo;
            RuntimeException failure = null;
            String where = "Kafka";
            while (failed > 0) {
                List<CompletableFuture<?>> sends = new ArrayList<>();
                int attempt = failed;
                try {
                    kafka.executeInTransaction(operations -> {
                        for (Reply reply : replies) {
                            if (reply.record() < attempt) {
                                sends.add(operations.send(reply.topic(), reply.key(), reply.value()));
                            }
                        }
                        if (group != null) {
                            operations.sendOffsetsToTransaction(offsets(records, attempt), group);
                        }
                        return null;
                    });
                    break;
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                        Reply refused = firstRefused(sends, attempt);
                        failed = refused == null ? 0 : refused.record();
                        where = refused == null ? "Kafka" : refused.topic();
                    } else {
                        // the answers before the refused one failed too, on their own: from the first record again
                        failed = 0;
                    }
                }
            }
            replies.removeIf(reply -> reply.record() < upTo);
            if (failed < upTo) {
                throw new NotAcknowledged(failed, "publishing to " + where + " failed (the answer to record " + failed
                        + " of the poll)", failure);
            }
        }

        /** The first answer the broker refused on its own; null when none was (the whole transaction failed). */
        private Reply firstRefused(List<CompletableFuture<?>> sends, int attempt) {
            List<Reply> sent = replies.stream().filter(reply -> reply.record() < attempt).toList();
            for (int i = 0; i < sends.size(); i++) {
                Throwable cause = causeOf(sends.get(i));
                if (cause != null && !(cause instanceof TransactionAbortedException)) {
                    return sent.get(i);
                }
            }
            return null;
        }
    }

    /** Why a send failed, once the transaction has ended (which completes every send of it); null if it did not. */
    private static Throwable causeOf(CompletableFuture<?> send) {
        if (!send.isCompletedExceptionally()) {
            return null;
        }
        try {
            send.join();
            return null;
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof org.springframework.kafka.KafkaException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The position after each partition's last record among the first {@code upTo}: what the group reads next. */
    static Map<TopicPartition, OffsetAndMetadata> offsets(List<ConsumerRecord<String, String>> records, int upTo) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> record : records.subList(0, upTo)) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (known, next) -> next.offset() > known.offset() ? next : known);
        }
        return offsets;
    }

    /** An answer Kafka did not take; {@code record} is the index, in its poll, of the record it answered. */
    static final class NotAcknowledged extends IllegalStateException {

        private final int record;

        NotAcknowledged(int record, String message, Throwable cause) {
            super(message + ": " + (cause == null ? "" : cause.getMessage()), cause);
            this.record = record;
        }

        int record() {
            return record;
        }
    }
}
