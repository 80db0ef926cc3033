package io.enclavesuite.eventtopics;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.eventtopics.EventTopicRetention.EventTopicsExpire;
import io.enclavesuite.testsupport.ExpiringKafka;
import io.enclavesuite.testsupport.SilentServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The start check against a broker of its own whose retention is tiny ({@link ExpiringKafka}), so "a week later"
 * happens within the test. A topic that takes
 * the broker's default, or a short retention of its own, loses its first records and is refused; the suite's event
 * topics, made as the check makes them, keep every record under the same broker.
 */
class EventTopicRetentionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int RECORDS = 5;
    private static ExpiringKafka kafka;
    private static Admin admin;

    private final TopicNames topics = new TopicNames("t" + UUID.randomUUID().toString().substring(0, 8) + ".");

    @BeforeAll
    static void startBrokerThatExpiresQuickly() {
        kafka = ExpiringKafka.start();
        admin = kafka.admin();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theEventTopicsKeepEveryRecordWhileATopicOnTheBrokersDefaultLosesItsFirstAndIsRefused() throws Exception {
        String brokerDefault = topics.prefix() + "made-without-settings";
        String shortRetention = topics.prefix() + "short-retention";
        admin.createTopics(List.of(new NewTopic(brokerDefault, 1, (short) 1),
                new NewTopic(shortRetention, 1, (short) 1).configs(Map.of("retention.ms", "1000",
                        "segment.ms", "100")))).all().get(30, TimeUnit.SECONDS);
        List<String> eventTopics = List.of(topics.enclaveEvents(), topics.coordinationEvents());
        check(eventTopics).check(); // missing: made to keep everything

        for (String topic : List.of(brokerDefault, shortRetention, topics.enclaveEvents(), topics.coordinationEvents())) {
            send(topic);
        }
        // both lose every record: the retention passes ran over every topic of the broker meanwhile
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(earliestOffset(brokerDefault)).isEqualTo(RECORDS);
            assertThat(earliestOffset(shortRetention)).isEqualTo(RECORDS);
        });
        for (String topic : eventTopics) {
            assertThat(earliestOffset(topic)).as(topic).isZero();
            assertThat(latestOffset(topic)).as(topic).isEqualTo(RECORDS);
        }

        assertThatThrownBy(() -> check(List.of(topics.enclaveEvents(), brokerDefault, shortRetention)).check())
                .isInstanceOf(EventTopicsExpire.class)
                .hasMessageContaining(brokerDefault + " has retention.ms=2000 (the broker's default)")
                .hasMessageContaining(shortRetention + " has retention.ms=1000")
                .hasMessageContaining("kafka-configs.sh --bootstrap-server " + kafka.bootstrapServers()
                        + " --alter --entity-type topics --entity-name " + brokerDefault
                        + " --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete")
                .hasMessageContaining("--entity-name " + shortRetention)
                .hasMessageNotContaining(topics.enclaveEvents() + " has");
    }

    @Test
    void aMissingEventTopicIsMadeToKeepEverythingAndNeverCompacted() throws Exception {
        check(List.of(topics.enclaveEvents())).check();

        Config config = config(topics.enclaveEvents());
        assertThat(config.get("retention.ms").value()).isEqualTo("-1");
        assertThat(config.get("retention.bytes").value()).isEqualTo("-1");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(admin.describeTopics(List.of(topics.enclaveEvents())).allTopicNames().get()
                .get(topics.enclaveEvents()).partitions()).hasSize(3);
    }

    @Test
    void aCompactedOrSizeBoundEventTopicIsRefusedAndTheNamedFixLetsTheStartGoOn() throws Exception {
        admin.createTopics(List.of(new NewTopic(topics.enclaveEvents(), 1, (short) 1).configs(Map.of(
                "retention.ms", "-1", "cleanup.policy", "compact")), new NewTopic(topics.coordinationEvents(), 1,
                (short) 1).configs(Map.of("retention.ms", "-1", "retention.bytes", "1073741824"))))
                .all().get(30, TimeUnit.SECONDS);
        EventTopicRetention check = check(List.of(topics.enclaveEvents(), topics.coordinationEvents()));

        assertThatThrownBy(check::check).isInstanceOf(EventTopicsExpire.class)
                .hasMessageContaining(topics.enclaveEvents() + " has cleanup.policy=compact")
                .hasMessageContaining(topics.coordinationEvents() + " has retention.bytes=1073741824");

        // what the message tells the operator to run
        for (String topic : List.of(topics.enclaveEvents(), topics.coordinationEvents())) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
                    TopicNames.KEEP_EVERYTHING.entrySet().stream().map(setting -> new AlterConfigOp(
                            new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET))
                            .toList())).all().get(30, TimeUnit.SECONDS);
        }
        check.check();
    }

    @Test
    void aBrokerThatDoesNotAnswerLeavesTheCheckToTheNextStart() {
        try (SilentServer silent = SilentServer.start()) {
            new EventTopicRetention(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, silent.address()),
                    List.of(topics.enclaveEvents()), 3, (short) 1, Duration.ofSeconds(1)).check();
        }
    }

    private EventTopicRetention check(Collection<String> eventTopics) {
        return new EventTopicRetention(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                eventTopics, 3, (short) 1, PATIENCE);
    }

    private static void send(String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "aggregate-" + i, "event " + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long earliestOffset(String topic) throws Exception {
        return kafka.earliestOffset(topic, 0); // the test sends every record to partition 0
    }

    private static long latestOffset(String topic) throws Exception {
        return kafka.latestOffset(topic, 0);
    }

    private static Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }
}
