package io.enclavesuite.query.replay;

import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.eventtopics.EventTopicRetention.EventTopicsExpire;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.testsupport.ApiTokens;
import io.enclavesuite.testsupport.ExpiringKafka;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The read side on a broker whose records expire after {@value ExpiringKafka#RETENTION_MS} ms, as a real one's do
 * after a week by default: it refuses to start over an event topic that takes the broker's retention, and over its
 * own event topics — which it makes to keep everything — a rebuild long after the retention still sees the oldest
 * enclave. The real service on real PostgreSQL and an in-process Kafka broker of the test's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildAfterExpiryTest {

    private static final String OPERATOR = "U0OPS";
    private static final String OWNER = "U0ALICE";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(EnclaveJson.mapper()).build();
    private final DefaultKafkaMessageConverter writer = DefaultKafkaMessageConverter.builder()
            .serializer(serializer).build();
    private final HttpClient http = HttpClient.newHttpClient();
    private ExpiringKafka kafka;
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    void start() {
        kafka = ExpiringKafka.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void anEventTopicOnTheBrokersRetentionRefusesTheStartNamingTheTopicTheSettingAndTheFix() throws Exception {
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        kafka.admin().createTopics(List.of(new NewTopic(topics.enclaveEvents(), 1, (short) 1))) // the broker's default
                .all().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> readSide(infrastructure.newDatabase(), topics).close())
                .isInstanceOf(EventTopicsExpire.class)
                .hasMessageContaining(topics.enclaveEvents() + " has retention.ms=" + ExpiringKafka.RETENTION_MS)
                .hasMessageContaining("kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers()
                        + " --alter --entity-type topics --entity-name " + topics.enclaveEvents()
                        + " --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete")
                .hasMessageNotContaining(topics.coordinationEvents() + " has"); // made by the check, kept
    }

    @Test
    void aRebuildLongAfterTheRetentionStillSeesTheOldestEnclave() throws Exception {
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        String jdbcUrl = infrastructure.newDatabase();
        JdbcTemplate database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        try (ConfigurableApplicationContext readSide = readSide(jdbcUrl, topics)) { // makes its event topics
            producer.send(record(topics, "oldest")).get(30, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> enclaveExists(database, "oldest"));

            // a topic on the broker's retention, written after the oldest enclave, loses its record
            String witness = topics.prefix() + "witness";
            kafka.admin().createTopics(List.of(new NewTopic(witness, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(witness, "after the oldest enclave".getBytes())).get(30, TimeUnit.SECONDS);
            await().atMost(PATIENCE).until(() -> kafka.earliestOffset(witness, 0) == 1);
            producer.send(record(topics, "newest")).get(30, TimeUnit.SECONDS);

            String management = "http://localhost:" + readSide.getEnvironment().getProperty("local.management.port");
            HttpResponse<String> started = call("POST", management + "/actuator/replay/projections");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> call("GET", management + "/actuator/replay/projections").body()
                    .contains("\"done\""));

            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(enclaveExists(database, "oldest")).isTrue();
                assertThat(enclaveExists(database, "newest")).isTrue();
            });
            int partitions = kafka.admin().describeTopics(List.of(topics.enclaveEvents())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topics.enclaveEvents()).partitions().size();
            for (int partition = 0; partition < partitions; partition++) {
                assertThat(kafka.earliestOffset(topics.enclaveEvents(), partition)).isZero();
            }
        }
    }

    private ConfigurableApplicationContext readSide(String jdbcUrl, TopicNames topics) {
        Map<String, Object> properties = new LinkedHashMap<>(infrastructure.springProperties(jdbcUrl, topics.prefix()));
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("server.port", 0);
        properties.put("enclave.api.auth.operators", OPERATOR);
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return EnclaveQueryApplication.application().run(args.toArray(String[]::new));
    }

    /** The enclave's first event, as the write side's publisher puts it on the topic. */
    private ProducerRecord<String, byte[]> record(TopicNames topics, String enclave) {
        EnclaveProvisioningStarted event = new EnclaveProvisioningStarted(EnclaveId.of(enclave),
                new ChannelRef(ChannelId.of("C0" + enclave.toUpperCase()), enclave), UserId.of(OWNER),
                QuotaPreset.DEFAULT, Mode.DEFAULT, "enclave-" + enclave, Instant.now());
        return writer.createKafkaMessage(new GenericDomainEventMessage<>("Enclave", enclave, 0, event,
                MetaData.with("actor", OWNER), UUID.randomUUID().toString(), Instant.now()), topics.enclaveEvents());
    }

    private static boolean enclaveExists(JdbcTemplate database, String name) {
        return !database.queryForList("select name from enclave_query.enclave where name = ?", String.class, name)
                .isEmpty();
    }

    private HttpResponse<String> call(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + ApiTokens.tokenFor(OPERATOR)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
