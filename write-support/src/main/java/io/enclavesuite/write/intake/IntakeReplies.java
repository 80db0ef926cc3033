package io.enclavesuite.write.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Results and dead letters, sent synchronously: the intake's offset is committed only after its answer is on
 * Kafka, so a crash in between repeats the answer (harmless: results are keyed by command id) instead of losing it.
 */
class IntakeReplies {

    private static final Logger log = LoggerFactory.getLogger(IntakeReplies.class);

    private final KafkaTemplate<String, String> kafka;
    private final TopicNames topics;
    private final Clock clock;
    private final ObjectMapper json = EnclaveJson.mapper();

    IntakeReplies(KafkaTemplate<String, String> kafka, TopicNames topics, Clock clock) {
        this.kafka = kafka;
        this.topics = topics;
        this.clock = clock;
    }

    void answer(CommandResult result) {
        send(topics.commandResults(), result.commandId().toString(), result);
    }

    void deadLetter(ConsumerRecord<String, String> record, String reason) {
        log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        send(topics.commandsDeadLetter(), record.key(), new DeadLetter(reason, record.topic(), record.partition(),
                record.offset(), record.key(), record.value(), clock.instant()));
    }

    private void send(String topic, String key, Object value) {
        try {
            kafka.send(topic, key, json.writeValueAsString(value)).get(30, TimeUnit.SECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }
}
