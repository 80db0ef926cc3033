package io.enclavesuite.bench;

import io.enclavesuite.api.MetadataKeys;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.api.enclave.ChannelId;
import io.enclavesuite.api.enclave.ChannelRef;
import io.enclavesuite.api.enclave.EnclaveActivated;
import io.enclavesuite.api.enclave.EnclaveId;
import io.enclavesuite.api.enclave.EnclaveProvisioningStarted;
import io.enclavesuite.api.enclave.MemberRegistered;
import io.enclavesuite.api.enclave.Mode;
import io.enclavesuite.api.enclave.QuotaPreset;
import io.enclavesuite.api.enclave.UserId;
import io.enclavesuite.api.service.SharedServiceReady;
import io.enclavesuite.api.tentacle.ContainerImage;
import io.enclavesuite.api.tentacle.CronSchedule;
import io.enclavesuite.api.tentacle.Dependency;
import io.enclavesuite.api.tentacle.TentacleDeployed;
import io.enclavesuite.api.tentacle.TentacleName;
import io.enclavesuite.api.tentacle.TentacleRunRequested;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.MetaData;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The rebuild benchmark's events: the suite's topics, and enclaves of ten events each — provisioning, activation,
 * bucket, three members, two tentacles, a run and a fourth member — written to {@code enclave.events} as the command
 * service publishes them.
 */
final class ReadSideEvents {

    static final int EVENTS_PER_ENCLAVE = 10;
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    static void createTopics(TestInfrastructure infrastructure, TopicNames topics) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (AdminClient admin = AdminClient.create(config)) {
            // with the suite's settings: the read side refuses event topics that would expire
            admin.createTopics(topics.all().stream()
                            .map(topic -> new NewTopic(topic, 3, (short) 1).configs(topics.configOf(topic))).toList())
                    .all().get();
        }
    }

    /** Ten events per enclave, as the command service publishes them: its converter, its metadata. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void write(KafkaMessageConverter converter, TestInfrastructure infrastructure, TopicNames topics,
                              long enclaves) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            for (long i = 0; i < enclaves; i++) {
                EnclaveId id = EnclaveId.of("e" + i);
                UserId owner = UserId.of(String.format(Locale.ROOT, "U%08d", i));
                String trace = UUID.randomUUID().toString();
                List<Object> events = List.of(
                        new EnclaveProvisioningStarted(id, new ChannelRef(ChannelId.of(String.format(Locale.ROOT,
                                "C%08d", i)), "team " + i), owner, QuotaPreset.SMALL, Mode.MEMBER_EDIT, id.namespace(), T0),
                        new EnclaveActivated(id, id.namespace(), T0.plusSeconds(2)),
                        new SharedServiceReady(id, Dependency.OBJECT_STORAGE, "bucket " + id.namespace(), T0.plusSeconds(3)),
                        new MemberRegistered(id, UserId.of(String.format(Locale.ROOT, "U%08dA", i)), T0.plusSeconds(60)),
                        new MemberRegistered(id, UserId.of(String.format(Locale.ROOT, "U%08dB", i)), T0.plusSeconds(61)),
                        new MemberRegistered(id, UserId.of(String.format(Locale.ROOT, "U%08dC", i)), T0.plusSeconds(62)),
                        new TentacleDeployed(id, TentacleName.of("report"), ContainerImage.of("ghcr.io/acme/report:1.0.0"),
                                CronSchedule.of("0 2 * * *"), Mode.MEMBER_EDIT, owner, List.of(Dependency.POSTGRES),
                                T0.plusSeconds(120)),
                        new TentacleDeployed(id, TentacleName.of("api"), ContainerImage.of("ghcr.io/acme/api:2.1.0"),
                                null, Mode.MEMBER_EDIT, owner, List.of(), T0.plusSeconds(121)),
                        new TentacleRunRequested(id, TentacleName.of("report"), 1, T0.plusSeconds(180)),
                        new MemberRegistered(id, UserId.of(String.format(Locale.ROOT, "U%08dD", i)), T0.plusSeconds(240)));
                for (int sequence = 0; sequence < events.size(); sequence++) {
                    Map<String, Object> metadata = new HashMap<>();
                    metadata.put(MetadataKeys.ACTOR, owner.value());
                    metadata.put(MetadataKeys.VIA, "kafka:bench");
                    metadata.put("traceId", trace);
                    metadata.put("correlationId", trace);
                    Object event = events.get(sequence);
                    var message = new GenericDomainEventMessage<>("Enclave", id.value(), sequence, event,
                            MetaData.from(metadata));
                    ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>)
                            converter.createKafkaMessage(message, topics.enclaveEvents());
                    producer.send(record);
                }
            }
            producer.flush();
        }
    }

    private ReadSideEvents() {
    }
}
