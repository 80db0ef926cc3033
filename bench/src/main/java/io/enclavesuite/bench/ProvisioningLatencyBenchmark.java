package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.CommandEnvelope;
import io.enclavesuite.api.EnclaveJson;
import io.enclavesuite.api.TopicNames;
import io.enclavesuite.trust.EnvelopeSignature;
import io.enclavesuite.trust.PrincipalSigner;
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * End-to-end latencies of the team-enclave write path, as a user would feel them:
 * <ol>
 *   <li><b>ProvisionEnclave → ACTIVE</b>: from the envelope's send on {@code enclave.commands} until
 *       {@code EnclaveActivated} arrives on {@code enclave.events} — Kafka intake, the Enclave aggregate, the JDBC
 *       event store, the provisioning saga creating namespace, quota, limit range, three network policies, service
 *       account, role and binding, the completing command, and the Kafka publisher;</li>
 *   <li><b>DeployTentacle → Deployment present</b>: from the send until a watch on the Kubernetes API sees the
 *       Deployment added.</li>
 * </ol>
 * Commands are sent open-loop at a fixed rate (so a slow answer does not slow the sender and hide itself), one new
 * enclave each. Infrastructure comes from test-support: Testcontainers where Docker answers, otherwise embedded
 * PostgreSQL, an in-process Kafka broker and the fabric8 mock API server.
 */
public final class ProvisioningLatencyBenchmark {


    /** Per-command latencies, in the order the commands were sent. */
    public record Result(List<Duration> activation, List<Duration> deployment) {
    }

    public static void main(String[] args) throws Exception {
        int enclaves = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double perSecond = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Result result = run(enclaves, perSecond, warmup);
        System.out.printf(Locale.ROOT, "%n%d enclaves at %.0f commands/s after %d not counted; %d cores; %s%n%n",
                enclaves, perSecond, warmup, Runtime.getRuntime().availableProcessors(), TestInfrastructure.get());
        System.out.println("| latency | p50 | p95 | p99 | max |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(row("ProvisionEnclave → ACTIVE", result.activation()));
        System.out.println(row("DeployTentacle → Deployment present", result.deployment()));
        System.exit(0); // the embedded servers' non-daemon threads would keep the JVM alive
    }

    /**
     * @param warmup enclaves provisioned (and given a tentacle) first and not counted: the JIT, connection pools and
     *               Kafka metadata warm up on them
     */
    public static Result run(int enclaves, double perSecond, int warmup) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        List<String> args = new ArrayList<>();
        infrastructure.springProperties(null, topics.prefix())
                .forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        args.add("--logging.level.root=WARN");
        String run = Long.toString(System.nanoTime() & 0xfffff, 36);
        ObjectMapper json = EnclaveJson.mapper();
        try (ConfigurableApplicationContext service = EnclaveCommandApplication.application()
                     .run(args.toArray(String[]::new));
             KafkaProducer<String, String> producer = producer(infrastructure);
             KubernetesClient kubernetes = infrastructure.newKubernetesClient()) {
            Map<String, Instant> activated = new ConcurrentHashMap<>();
            AutoCloseable listener = listen(infrastructure, topics, activated);

            Map<String, Instant> provisionSent = new ConcurrentHashMap<>();
            List<String> warm = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < warmup; i++) {
                warm.add("bench-" + run + "-w" + i);
            }
            for (int i = 0; i < enclaves; i++) {
                names.add("bench-" + run + "-" + i);
            }
            java.util.function.Consumer<String> provision = name -> {
                String payload = "{\"enclaveId\":\"" + name + "\",\"channel\":{\"id\":\"" + channel(name)
                        + "\",\"name\":\"" + name + "\"},\"quota\":\"small\"}";
                provisionSent.put(name, Instant.now());
                send(producer, json, topics, name, "ProvisionEnclave", payload);
            };
            paced(warm, perSecond, provision);
            awaitAll(warm, activated, Duration.ofMinutes(5), "warm-up activations");
            paced(names, perSecond, provision);
            awaitAll(names, activated, Duration.ofMinutes(5), "activations");

            Map<String, Instant> deploymentSeen = new ConcurrentHashMap<>();
            Map<String, Instant> deploySent = new ConcurrentHashMap<>();
            try (Watch watch = kubernetes.apps().deployments().inAnyNamespace().watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Deployment deployment) {
                    if (action == Action.ADDED) {
                        deploymentSeen.putIfAbsent(deployment.getMetadata().getNamespace().substring("enclave-".length()),
                                Instant.now());
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    // closed by the benchmark
                }
            })) {
                java.util.function.Consumer<String> deploy = name -> {
                    String payload = "{\"enclaveId\":\"" + name + "\",\"tentacle\":\"api\","
                            + "\"image\":\"ghcr.io/acme/api:1.0.0\"}";
                    deploySent.put(name, Instant.now());
                    send(producer, json, topics, name, "DeployTentacle", payload);
                };
                paced(warm, perSecond, deploy);
                awaitAll(warm, deploymentSeen, Duration.ofMinutes(5), "warm-up deployments");
                paced(names, perSecond, deploy);
                awaitAll(names, deploymentSeen, Duration.ofMinutes(5), "deployments");
            }
            listener.close();
            return new Result(latencies(names, provisionSent, activated), latencies(names, deploySent, deploymentSeen));
        }
    }

    static String channel(String name) {
        return "C" + name.replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** The benchmarks sign their commands as a registered test principal, as any sender must. */
    private static final PrincipalSigner SIGNER = PrincipalSigner.read("bench", TestInfrastructure.principalKey("bench"));

    /** One owner per enclave, as in a real fleet (one person may own only a few). */
    static String owner(String name) {
        return "U" + name.replace("-", "").toUpperCase(Locale.ROOT);
    }

    static void send(KafkaProducer<String, String> producer, ObjectMapper json, TopicNames topics, String key,
                             String type, String payload) {
        try {
            CommandEnvelope envelope = new CommandEnvelope(UUID.randomUUID(), type, json.readTree(payload), owner(key),
                    channel(key), Instant.now());
            String value = json.writeValueAsString(envelope);
            ProducerRecord<String, String> record = new ProducerRecord<>(topics.commands(), key, value);
            record.headers().add(EnvelopeSignature.HEADER,
                    SIGNER.sign(value.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII));
            producer.send(record);
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + type + " for " + key, e);
        }
    }

    /** Calls {@code action} for each name at a fixed rate, on schedule even when an answer is slow. */
    static void paced(List<String> names, double perSecond, java.util.function.Consumer<String> action) {
        long interval = (long) (1_000_000_000L / perSecond);
        long next = System.nanoTime();
        for (String name : names) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(name);
            next += interval;
        }
    }

    /**
     * Reads {@code enclave.events} by assigning its partitions directly: a consumer group would take seconds to
     * be assigned, and events published meanwhile would be read late and counted as slow.
     */
    private static AutoCloseable listen(TestInfrastructure infrastructure, TopicNames topics,
                                        Map<String, Instant> activated) {
        return listen(infrastructure, topics, record -> type(record).endsWith(".EnclaveActivated") ? record.key() : null,
                activated);
    }

    /** The event type a record of {@code enclave.events} carries, or "" when it has none. */
    static String type(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("axon-message-type");
        return type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
    }

    /** Notes when each record {@code keyOf} names (null: not of interest) is first read. */
    static AutoCloseable listen(TestInfrastructure infrastructure, TopicNames topics,
                                java.util.function.Function<ConsumerRecord<String, byte[]>, String> keyOf,
                                Map<String, Instant> seen) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        consumer.assign(consumer.partitionsFor(topics.enclaveEvents()).stream()
                .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList());
        consumer.seekToBeginning(consumer.assignment());
        consumer.poll(Duration.ZERO); // positions resolved before the first command is sent
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        Instant now = Instant.now();
                        String key = keyOf.apply(record);
                        if (key != null) {
                            seen.putIfAbsent(key, now);
                        }
                    }
                }
            }
        }, "bench-event-listener");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            running.set(false);
            thread.join(5_000);
        };
    }

    private static void awaitAll(List<String> names, Map<String, Instant> seen, Duration patience, String what)
            throws TimeoutException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!seen.keySet().containsAll(names)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + seen.size() + " of " + names.size() + " " + what + " within "
                        + patience);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static List<Duration> latencies(List<String> names, Map<String, Instant> sent, Map<String, Instant> seen) {
        return names.stream().map(name -> Duration.between(sent.get(name), seen.get(name))).toList();
    }

    static Duration percentile(List<Duration> values, double p) {
        List<Duration> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    static String row(String name, List<Duration> values) {
        return String.format(Locale.ROOT, "| %s | %d ms | %d ms | %d ms | %d ms |", name,
                percentile(values, 50).toMillis(), percentile(values, 95).toMillis(),
                percentile(values, 99).toMillis(), percentile(values, 100).toMillis());
    }

    static KafkaProducer<String, String> producer(TestInfrastructure infrastructure) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private ProvisioningLatencyBenchmark() {
    }
}
