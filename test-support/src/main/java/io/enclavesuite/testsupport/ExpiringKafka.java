package io.enclavesuite.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An in-process KRaft broker of a test's own whose retention is tiny, so "a week later" happens within the test: a
 * record older than {@value #RETENTION_MS} ms goes at the next retention pass (every 100 ms), segments roll every
 * 100 ms, and the passes start at once. A topic made without settings takes this retention, as a topic made with the
 * broker's defaults takes a week on a real one. Not the shared broker of {@link TestInfrastructure}: its topics
 * would expire too.
 */
public final class ExpiringKafka implements AutoCloseable {

    /** The broker's {@code log.retention.ms}. */
    public static final long RETENTION_MS = 2000;
    private final EmbeddedKafkaKraftBroker broker;
    private final Admin admin;

    private ExpiringKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    public static ExpiringKafka start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> properties = new java.util.HashMap<>(EmbeddedServers.ONE_BROKER_TRANSACTIONS);
        properties.putAll(Map.of(
                "log.retention.ms", String.valueOf(RETENTION_MS),
                "log.retention.check.interval.ms", "100",
                "log.roll.ms", "100",
                "log.segment.delete.delay.ms", "0",
                "log.initial.task.delay.ms", "0"));
        broker.brokerProperties(properties);
        broker.brokerListProperty(null); // no system property: a service must be told where the broker is
        broker.afterPropertiesSet();
        return new ExpiringKafka(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** An admin client of the test's, closed with the broker. */
    public Admin admin() {
        return admin;
    }

    /** The first offset a reader can still read in a partition: past every record the retention removed. */
    public long earliestOffset(String topic, int partition) throws Exception {
        return offset(new TopicPartition(topic, partition), OffsetSpec.earliest());
    }

    /** The offset the next record of a partition gets. */
    public long latestOffset(String topic, int partition) throws Exception {
        return offset(new TopicPartition(topic, partition), OffsetSpec.latest());
    }

    private long offset(TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(30, TimeUnit.SECONDS)
                .offset();
    }

    @Override
    public void close() {
        admin.close();
        broker.destroy();
    }
}
