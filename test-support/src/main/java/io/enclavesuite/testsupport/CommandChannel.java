package io.enclavesuite.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandCatalog;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.CommandResult;
import io.enclavesuite.api.DeadLetter;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.trust.SealedAnswers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test's side of the command topics, as the Slack gateway or an internal service would use them: sends envelopes
 * signed by a test principal (each to the topic of the service that owns its type) and collects every result and
 * dead letter that comes back.
 */
public final class CommandChannel implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final TopicNames topics;
    private final PrincipalSigner signer;
    /** What the suite answers in confidence to this channel's commands is sealed to it; results show it opened. */
    private final SealedAnswers.ReplyKey replyKey = SealedAnswers.ReplyKey.generate();
    private final ObjectMapper json = EnclaveJson.mapper();
    private final KafkaProducer<String, String> producer;
    /** Per command id, its results in arrival order: a repeat's too, which tests count and compare. */
    private final Map<UUID, List<CommandResult>> results = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final Thread collector;
    private volatile boolean collecting = true;
    private volatile Exception collectorFailure;

    /**
     * @param source the principal that signs what is sent, one of {@link TestInfrastructure#TEST_SENDERS} (events then
     *               say {@code via=kafka:<source>})
     */
    public CommandChannel(String bootstrapServers, TopicNames topics, String source) {
        this(bootstrapServers, topics, PrincipalSigner.read(source, TestInfrastructure.principalKey(source)));
    }

    /** Signing with any key: an attacker's, say. */
    public CommandChannel(String bootstrapServers, TopicNames topics, PrincipalSigner signer) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.signer = signer;
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        collector = new Thread(this::collect, "command-channel-collector");
        collector.setDaemon(true);
    }

    public CommandEnvelope envelope(UUID commandId, String type, String payloadJson, String fromChannel, String actor)
            throws Exception {
        return new CommandEnvelope(commandId, type, json.readTree(payloadJson), actor, fromChannel, Instant.now(),
                replyKey.publicKey());
    }

    /** Sends one command as {@code actor} from {@code fromChannel} (or none) and waits for its result. */
    public CommandResult execute(String key, String type, String payloadJson, String actor, String fromChannel)
            throws Exception {
        UUID commandId = UUID.randomUUID();
        send(key, envelope(commandId, type, payloadJson, fromChannel, actor));
        Awaitility.await().atMost(PATIENCE).until(() -> !resultsFor(commandId).isEmpty());
        return resultsFor(commandId).get(0);
    }

    /** To the topic of the service that owns the type (enclave.commands for a type nobody owns). */
    public void send(String key, CommandEnvelope envelope) throws Exception {
        sendRaw(topicOf(envelope.type()), key, json.writeValueAsString(envelope));
    }

    /** {@code value} as it is, signed. */
    public void sendRaw(String topic, String key, String value) throws Exception {
        sendRecord(topic, key, value, signer.sign(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code value} with {@code signature} as its signature header (none when null): what a forger would send. */
    public void sendRecord(String topic, String key, String value, String signature) throws Exception {
        startCollecting();
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (signature != null) {
            record.headers().add(EnvelopeSignature.HEADER, signature.getBytes(StandardCharsets.US_ASCII));
        }
        producer.send(record).get();
    }

    /** The topic a type goes to (enclave.commands for a type nobody owns). */
    public String topicOf(String type) {
        return CommandCatalog.owning(type).orElse(CommandCatalog.TEAM).topic(topics);
    }

    public String json(CommandEnvelope envelope) throws Exception {
        return json.writeValueAsString(envelope);
    }

    /** This command's results so far, in arrival order (a repeated command's each time). */
    public List<CommandResult> resultsFor(UUID commandId) {
        collectorAlive();
        return List.copyOf(results.getOrDefault(commandId, List.of()));
    }

    public List<DeadLetter> deadLetters() {
        collectorAlive();
        return deadLetters;
    }

    /**
     * Once the services are up, so the topics exist with all their partitions (a consumer subscribing earlier would
     * have them auto-created with one partition and miss the ones the services add).
     */
    private synchronized void startCollecting() {
        if (!collector.isAlive() && collectorFailure == null) {
            collector.start();
        }
    }

    private void collect() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // a group of its own: two channels of one test (a sender and an attacker, say) each see every result
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topics.prefix() + "test-collector-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
        // as every reader of the answers: what an aborted answer transaction held is never seen
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topics.commandResults(), topics.commandsDeadLetter()));
            while (collecting) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(topics.commandResults())) {
                        CommandResult result = opened(json.readValue(record.value(), CommandResult.class));
                        // only this thread adds, so one copy-on-write list per id (one or two results) is cheap
                        results.computeIfAbsent(result.commandId(), id -> new CopyOnWriteArrayList<>()).add(result);
                    } else {
                        deadLetters.add(json.readValue(record.value(), DeadLetter.class));
                    }
                }
            }
        } catch (Exception e) {
            collectorFailure = e;
        }
    }

    /** A result with its sealed details opened, when they were sealed to this channel's key. */
    private CommandResult opened(CommandResult result) {
        if (result.sealedDetails() == null) {
            return result;
        }
        try {
            return result.withOpenedDetails(json.readValue(replyKey.open(result.sealedDetails(), result.commandId()),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { }));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return result; // sealed to someone else's key
        }
    }

    private void collectorAlive() {
        if (collectorFailure != null) {
            throw new IllegalStateException("the result collector stopped", collectorFailure);
        }
    }

    @Override
    public void close() {
        collecting = false;
        producer.close();
    }
}
