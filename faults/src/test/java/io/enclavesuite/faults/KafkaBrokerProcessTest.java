package io.enclavesuite.faults;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite's broker process keeps its log across a graceful stop and a kill -9: a topic's records written
 * before are read after each start, at the same address.
 */
class KafkaBrokerProcessTest {

    private static final String TOPIC = "faults.broker-restart";

    @Test
    void aStopAndAKillKeepTheRecordsAndTheAddress() throws Exception {
        try (KafkaBrokerProcess broker = new KafkaBrokerProcess(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Path.of("target/fault-logs/broker-test"))) {
            broker.start();
            String address = broker.bootstrapServers();
            produce(broker, "before-stop");

            // 143 = 128 + SIGTERM: the JVM's status after Kafka's shutdown hook ran its controlled shutdown
            assertThat(broker.stop()).isEqualTo(KafkaBrokerProcess.TERMINATED);
            assertThat(broker.alive()).isFalse();
            broker.start();
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            produce(broker, "before-kill");

            broker.kill(); // checks exit 137 itself
            broker.start();
            assertThat(records(broker, 2)).containsExactly("before-stop", "before-kill");
        }
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    }

    private static void produce(KafkaBrokerProcess broker, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "key", value)).get();
        }
    }

    private static List<String> records(KafkaBrokerProcess broker, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "broker-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
        }
        return values;
    }
}
