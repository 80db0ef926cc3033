package io.enclavesuite.suite;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The suite's data folder is its memory: what was written before a restart is there after it. */
class EmbeddedServersKeepStateTest {

    @Test
    void postgresKeepsARowAcrossARestart(@TempDir Path dataDir) throws Exception {
        int port = freePort();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            jdbc(postgres).execute("create table memory (what text)");
            jdbc(postgres).update("insert into memory values ('before the restart')");
        }
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDir, port)) {
            assertThat(jdbc(postgres).queryForList("select what from memory", String.class))
                    .containsExactly("before the restart");
            assertThat(jdbc(postgres).queryForObject("show synchronous_commit", String.class)).isEqualTo("on");
        }
    }

    @Test
    void kafkaKeepsARecordAcrossARestart(@TempDir Path logDir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(logDir, port, controllerPort)) {
            kafka.ensureTopics(List.of("memory"), 1);
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>("memory", "k", "before the restart")).get();
            }
        }
        try (EmbeddedKafkaServer kafka = EmbeddedKafkaServer.start(logDir, port, controllerPort)) {
            kafka.ensureTopics(List.of("memory"), 1); // exists already: left as it is
            assertThat(readAll(kafka.bootstrapServers(), "memory")).containsExactly("before the restart");
        }
    }

    private static JdbcTemplate jdbc(EmbeddedPostgresServer postgres) {
        return new JdbcTemplate(new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.USER));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<String> readAll(String bootstrap, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
