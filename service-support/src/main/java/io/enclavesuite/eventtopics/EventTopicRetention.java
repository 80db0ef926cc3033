package io.enclavesuite.eventtopics;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.operability.SuiteTopicsProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The start check of a service that rebuilds state from event topics: each topic it reads must keep every record
 * ({@link TopicNames#KEEP_EVERYTHING}), or a rebuild after the retention would silently miss the oldest aggregates.
 * A topic that does not exist yet is created so; one with a finite {@code retention.ms} or {@code retention.bytes},
 * or with compaction, refuses the start with the topic, the setting, its value and the command that fixes it.
 * <p>
 * It runs once every bean exists, before the processors start reading. A broker that does not answer within the
 * timeout cannot be asked: the start goes on (readiness reports Kafka down) and the next start checks.
 */
public final class EventTopicRetention implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(EventTopicRetention.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String RETENTION_MS = "retention.ms";
    static final String RETENTION_BYTES = "retention.bytes";
    static final String CLEANUP_POLICY = "cleanup.policy";

    private final Map<String, Object> adminSettings;
    private final List<String> topics;
    private final int partitions;
    private final short replicationFactor;
    private final Duration timeout;

    /**
     * @param adminSettings     the service's Kafka admin client settings (bootstrap servers, login)
     * @param topics            the event topics this service rebuilds from
     * @param partitions        partitions of a topic it has to create
     * @param replicationFactor and its replication factor
     * @param timeout           how long the broker may take to answer
     */
    public EventTopicRetention(Map<String, Object> adminSettings, Collection<String> topics, int partitions,
                               short replicationFactor, Duration timeout) {
        this.adminSettings = new HashMap<>(adminSettings);
        this.adminSettings.put(AdminClientConfig.CLIENT_ID_CONFIG,
                adminSettings.getOrDefault(AdminClientConfig.CLIENT_ID_CONFIG, "enclave") + "-retention-check");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        this.adminSettings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        this.topics = List.copyOf(topics);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /**
     * The check for a service: its Spring Kafka admin settings ({@code spring.kafka.*}, with its login), the
     * partitions and replicas of {@code enclave.kafka.*}, and {@code spring.kafka.admin.operation-timeout} (else
     * 30 s) as the broker's time to answer.
     */
    public static EventTopicRetention of(KafkaProperties kafka, SuiteTopicsProperties suiteTopics,
                                         Collection<String> topics) {
        Duration timeout = kafka.getAdmin().getOperationTimeout();
        return new EventTopicRetention(kafka.buildAdminProperties(null), topics, suiteTopics.partitions(),
                suiteTopics.replicationFactor(), timeout == null ? DEFAULT_TIMEOUT : timeout);
    }

    @Override
    public void afterSingletonsInstantiated() {
        check();
    }

    /**
     * Creates the missing topics, then reads every topic's effective settings.
     *
     * @throws EventTopicsExpire naming each topic that would lose records, and how to fix it
     */
    public void check() {
        Admin admin = Admin.create(adminSettings);
        try {
            createMissing(admin);
            Map<ConfigResource, Config> configs = describe(admin);
            List<String> problems = new ArrayList<>();
            Map<String, String> fixes = new LinkedHashMap<>();
            for (String topic : topics) {
                Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
                List<String> wrong = problems(topic, config);
                if (!wrong.isEmpty()) {
                    problems.addAll(wrong);
                    fixes.put(topic, fix(topic));
                }
            }
            if (!problems.isEmpty()) {
                throw new EventTopicsExpire("A rebuild reads the event topics from their first record, so they "
                        + "must keep every record; older events would be missing from it: " + String.join("; ", problems)
                        + ". Make each keep everything, then start again: " + String.join(" && ", fixes.values()));
            }
            log.info("Event topics {} keep every record", topics);
        } catch (TimeoutException e) {
            log.warn("Kafka did not answer within {}: the retention of {} is not checked (the next start checks it)",
                    timeout, topics);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                throw new EventTopicsExpire("May not read the settings of " + topics + " to check that they keep "
                        + "every record: grant DescribeConfigs on each (" + e.getCause().getMessage() + ")");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                log.warn("Kafka did not answer within {}: the retention of {} is not checked (the next start checks "
                        + "it)", timeout, topics);
                return;
            }
            throw new IllegalStateException("Could not check the retention of " + topics + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the retention of " + topics, e);
        } finally {
            // a broker that never answered leaves calls pending, which close() without a limit waits for for ever
            admin.close(timeout);
        }
    }

    /** A topic just made may be unknown to the broker for a moment: it is asked again until the timeout. */
    private Map<ConfigResource, Config> describe(Admin admin)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private void createMissing(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                .map(topic -> new NewTopic(topic, partitions, replicationFactor).configs(TopicNames.KEEP_EVERYTHING))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created {}, keeping every record", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                throw new EventTopicsExpire(missing.stream().map(NewTopic::name).toList() + " do not exist yet (or "
                        + "this service may not see them: Describe) and it may not create them: create each with "
                        + String.join(" && ", missing.stream().map(topic -> create(topic.name())).toList()));
            }
            if (!(e.getCause() instanceof TopicExistsException)) { // another service made it meanwhile: checked next
                throw e;
            }
        }
    }

    /** What in a topic's effective settings (its own, else the broker's) would let records go. */
    static List<String> problems(String topic, Config config) {
        List<String> problems = new ArrayList<>();
        for (String limit : List.of(RETENTION_MS, RETENTION_BYTES)) {
            ConfigEntry entry = config.get(limit);
            if (entry != null && !"-1".equals(entry.value())) {
                problems.add(topic + " has " + limit + "=" + entry.value() + from(entry));
            }
        }
        ConfigEntry cleanup = config.get(CLEANUP_POLICY);
        if (cleanup != null && cleanup.value() != null
                && cleanup.value().toLowerCase(Locale.ROOT).contains("compact")) {
            problems.add(topic + " has " + CLEANUP_POLICY + "=" + cleanup.value() + from(cleanup)
                    + " (records are keyed by aggregate id: compaction keeps only each one's last event)");
        }
        return problems;
    }

    private static String from(ConfigEntry entry) {
        return entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? "" : " (the broker's default)";
    }

    private String fix(String topic) {
        return "kafka-configs.sh --bootstrap-server " + bootstrapServers() + " --alter --entity-type topics "
                + "--entity-name " + topic + " --add-config " + settings(",");
    }

    private String create(String topic) {
        return "kafka-topics.sh --bootstrap-server " + bootstrapServers() + " --create --topic " + topic
                + " --partitions " + partitions + " --replication-factor " + replicationFactor + " --config "
                + settings(" --config ");
    }

    private static String settings(String separator) {
        return String.join(separator, List.of(RETENTION_MS + "=-1", RETENTION_BYTES + "=-1",
                CLEANUP_POLICY + "=" + TopicNames.KEEP_EVERYTHING.get(CLEANUP_POLICY)));
    }

    private String bootstrapServers() {
        Object servers = adminSettings.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        return servers instanceof Collection<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(servers);
    }

    /** An event topic that would lose records, or one this service may not check or create. */
    public static final class EventTopicsExpire extends IllegalStateException {
        EventTopicsExpire(String message) {
            super(message);
        }
    }
}
