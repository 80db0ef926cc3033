package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.write.Acknowledgements;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Results and dead letters. The intake's offsets are committed only after their answers are on Kafka, so a crash in
 * between repeats an answer (harmless: results are keyed by command id) instead of losing it. The records of one
 * poll are answered through {@link #pending()}: every answer is sent at once and all are awaited together before the
 * poll's offsets are committed — waiting for each acknowledgement in turn had been the intake's largest wait.
 */
class IntakeReplies {

    private static final Logger log = LoggerFactory.getLogger(IntakeReplies.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topics;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();

    IntakeReplies(KafkaTemplate<String, String> kafka, TopicNames topics, Clock clock) {
        this.kafka = kafka;
        this.topics = topics;
        this.clock = clock;
    }

    /** The answers of one poll's records, sent as they come and awaited together. */
    Pending pending() {
        return new Pending();
    }

    /** Answers a single record and waits for the acknowledgement (the error handler's give-up path). */
    void answer(CommandResult result) {
        Pending one = pending();
        one.answer(result);
        one.await();
    }

    /** Dead-letters a single record and waits for the acknowledgement (the error handler's give-up path). */
    void deadLetter(ConsumerRecord<String, String> record, String reason) {
        Pending one = pending();
        one.deadLetter(record, reason);
        one.await();
    }

    final class Pending {

        /** An answer on its way: its acknowledgement, where it went, and the index of the record it answers. */
        private record Sent(CompletableFuture<?> ack, String topic, int record) {
        }

        private final List<Sent> sends = new ArrayList<>();
        private int record;

        /** The index, in the poll, of the record the next answers are for. */
        void forRecord(int index) {
            record = index;
        }

        void answer(CommandResult result) {
            send(topics.commandResults(), result.commandId().toString(), result);
        }

        void deadLetter(ConsumerRecord<String, String> record, String reason) {
            log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
            send(topics.commandsDeadLetter(), record.key(), new DeadLetter(reason, record.topic(), record.partition(),
                    record.offset(), record.key(),
                    DeadLetterRedaction.redact(record.value(), record.topic().equals(topics.coordinationCommands())),
                    clock.instant()));
        }

        private void send(String topic, String key, Object value) {
            try {
                sends.add(new Sent(kafka.send(topic, key, json.writeValueAsString(value)), topic, record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize " + value, e);
            }
        }

        /**
         * Waits until every answer sent so far is acknowledged, within 30 s in all; if one is not, fails naming the
         * record of the first answer that failed — every answer before it is on Kafka.
         */
        void await() {
            Acknowledgements.awaitAll(sends, Sent::ack, ACK_TIMEOUT, (index, failure, e) -> {
                Sent sent = sends.get(index);
                return new NotAcknowledged(sent.record(), failure == Acknowledgements.Failure.INTERRUPTED
                        ? "interrupted while publishing to " + sent.topic()
                        : "publishing to " + sent.topic() + " failed", e);
            });
            sends.clear();
        }
    }

    /** An answer Kafka did not take; {@code record} is the index, in its poll, of the record it answered. */
    static final class NotAcknowledged extends IllegalStateException {

        private final int record;

        NotAcknowledged(int record, String message, Throwable cause) {
            super(message, cause);
            this.record = record;
        }

        int record() {
            return record;
        }
    }
}
