package io.enclavesuite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.enclavesuite.api.EnclaveJson;
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
import io.enclavesuite.command.EnclaveCommandApplication;
import io.enclavesuite.query.EnclaveQueryApplication;
import io.enclavesuite.query.replay.ReplayProgress;
import io.enclavesuite.query.replay.Replays;
import io.enclavesuite.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The read side's two numbers:
 * <ol>
 *   <li><b>rebuild</b>: events of a realistic mix (an enclave's provisioning, activation, bucket, three members, two
 *   tentacles and a run — ten events each) written to {@code enclave.events} in the services' own Kafka format, then
 *   every read model rebuilt at once through {@link Replays} (every processor there is: the one they share, or the
 *   four of {@code enclave.read-side.processors: separate}), timed until all are done;</li>
 *   <li><b>visibility</b>: {@code RegisterMember} envelopes sent open-loop at a fixed rate on
 *   {@code enclave.commands} to the real command service, each timed until its member row is in the read model
 *   (polled every 2 ms) — Kafka intake, aggregate, event store, Kafka publisher, Kafka, the read side's processor,
 *   PostgreSQL.</li>
 * </ol>
 * Infrastructure from test-support, like the other benchmarks.
 */
public final class ReadSideBenchmark {

    static final int EVENTS_PER_ENCLAVE = 10;
    /** {@code -Dbench.batch-size=N} overrides the read side's configured batch size, to compare. */
    static final Integer BATCH_SIZE = Integer.getInteger("bench.batch-size");
    /** {@code -Dbench.processors=shared|separate} overrides {@code enclave.read-side.processors}, to compare. */
    static final String PROCESSORS = System.getProperty("bench.processors");
    // -Dbench.args="--a=b --c=d": further settings for the services started (a lever to try)
    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");

    public record Rebuild(long events, Duration elapsed, List<ReplayProgress> processors) {
        double eventsPerSecond() {
            return events / (elapsed.toMillis() / 1000.0);
        }
    }

    /**
     * Command sent → row visible, split at the event's timestamp (taken when the aggregate applies it, on the same
     * clock), and again when the event is read from {@code enclave.events} by the bench's own consumer: the intake and
     * the command's transaction, then the publisher, then the read side.
     */
    public record Visibility(List<Duration> total, List<Duration> toEvent, List<Duration> toKafka,
                             List<Duration> toReadModel) {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "rebuild";
        if (which.equals("rebuild")) {
            long events = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
            Rebuild rebuild = rebuild(events);
            System.out.printf(Locale.ROOT, "%n%,d events rebuilt into every read model in %.1f s: %,.0f events/s; "
                            + "%d cores; %s%n", rebuild.events(), rebuild.elapsed().toMillis() / 1000.0,
                    rebuild.eventsPerSecond(), Runtime.getRuntime().availableProcessors(), TestInfrastructure.get());
            System.out.printf(Locale.ROOT, "  settings: processors=%s batch-size=%s args=%s%n",
                    PROCESSORS == null ? "(configured)" : PROCESSORS, BATCH_SIZE == null ? "(configured)" : BATCH_SIZE,
                    System.getProperty("bench.args", ""));
            rebuild.processors().forEach(p -> System.out.printf(Locale.ROOT, "  %-11s %,d events, %,.0f events/s%n",
                    p.processor(), p.eventsDone(), p.eventsPerSecond()));
        } else {
            double perSecond = args.length > 1 ? Double.parseDouble(args[1]) : 500;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
            int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 90);
            Visibility latencies = visibility(perSecond, seconds, 20, warmupSeconds);
            System.out.printf(Locale.ROOT, "%n%,d RegisterMember commands counted at %.0f/s over %d s after %d s of "
                            + "warm-up; %d cores; %s%n%n",
                    latencies.total().size(), perSecond, seconds, warmupSeconds,
                    Runtime.getRuntime().availableProcessors(),
                    TestInfrastructure.get());
            System.out.println("| latency | p50 | p95 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            System.out.println(ProvisioningLatencyBenchmark.row("RegisterMember → member in the read model",
                    latencies.total()));
            System.out.println(ProvisioningLatencyBenchmark.row("  send → MemberRegistered appended (its timestamp)",
                    latencies.toEvent()));
            System.out.println(ProvisioningLatencyBenchmark.row("  appended → on enclave.events",
                    latencies.toKafka()));
            System.out.println(ProvisioningLatencyBenchmark.row("  on enclave.events → member in the read model",
                    latencies.toReadModel()));
        }
        System.exit(0); // the embedded servers' non-daemon threads would keep the JVM alive
    }

    /** Writes {@code events} (rounded to whole enclaves) and rebuilds every read model from them. */
    public static Rebuild rebuild(long events) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        createTopics(infrastructure, topics);
        try (ConfigurableApplicationContext query = EnclaveQueryApplication.application()
                .run(arguments(infrastructure, topics))) {
            long enclaves = Math.max(1, events / EVENTS_PER_ENCLAVE);
            write(query.getBean(KafkaMessageConverter.class), infrastructure, topics, enclaves);

            Replays replays = query.getBean(Replays.class);
            awaitCaughtUp(query.getBean(EventProcessingConfiguration.class), enclaves * EVENTS_PER_ENCLAVE);
            Instant began = Instant.now();
            System.out.printf(Locale.ROOT, "%s rebuild: %,d events read once; every read model now rebuilt%n", began,
                    enclaves * EVENTS_PER_ENCLAVE);
            for (String processor : replays.processors()) {
                replays.start(processor);
            }
            long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
            while (!replays.processors().stream().allMatch(p -> "done".equals(replays.progress(p).state()))) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the rebuild did not finish within an hour");
                }
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            List<ReplayProgress> progress = replays.processors().stream().map(replays::progress).toList();
            // when the last processor finished, not when this loop saw it (a quiet finish is seen 2 s later)
            Duration elapsed = Duration.between(began, progress.stream().map(ReplayProgress::finishedAt)
                    .max(Instant::compareTo).orElseThrow());
            JdbcTemplate jdbc = query.getBean(JdbcTemplate.class);
            long history = jdbc.queryForObject("select count(*) from event_history", Long.class);
            if (history != enclaves * EVENTS_PER_ENCLAVE) {
                throw new IllegalStateException("the history holds " + history + " events, not "
                        + enclaves * EVENTS_PER_ENCLAVE);
            }
            return new Rebuild(enclaves * EVENTS_PER_ENCLAVE, elapsed, progress);
        }
    }

    /**
     * Latencies from the send of each counted command until its row is visible; at least {@code warmup} enclaves are
     * provisioned first (their commands not counted) and receive the members.
     */
    public static Visibility visibility(double perSecond, int seconds, int warmup) throws Exception {
        return visibility(perSecond, seconds, warmup, 0);
    }

    /**
     * As above, after {@code warmupSeconds} of the same commands at the same rate, not counted, whose rows are all
     * visible before the counted run starts: the JIT, the pools, the caches and the processors' batches are then as a
     * running service has them. Without a warm-up the first fifth of the run is not counted.
     */
    public static Visibility visibility(double perSecond, int seconds, int warmup, int warmupSeconds) throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
        String jdbcUrl = infrastructure.newDatabase();
        List<String> args = new ArrayList<>(List.of(arguments(infrastructure, topics, jdbcUrl)));
        ObjectMapper json = EnclaveJson.mapper();
        String run = Long.toString(System.nanoTime() & 0xfffff, 36);
        Stamps stamps = new Stamps();
        try (ConfigurableApplicationContext command = EnclaveCommandApplication.application()
                     .run(args.toArray(String[]::new));
             ConfigurableApplicationContext query = EnclaveQueryApplication.application()
                     .run(args.toArray(String[]::new));
             KafkaProducer<String, String> producer = ProvisioningLatencyBenchmark.producer(infrastructure);
             AutoCloseable ignored = ProvisioningLatencyBenchmark.listen(infrastructure, topics,
                     record -> ProvisioningLatencyBenchmark.type(record).endsWith(".MemberRegistered")
                             ? memberOf(json, record.value()) : null, stamps.published())) {
            JdbcTemplate jdbc = query.getBean(JdbcTemplate.class);
            // the watcher's own index (the read side does not query members by time): a poll reads the rows in
            // flight instead of scanning the table every 2 ms
            jdbc.execute("create index if not exists bench_member_registered on enclave_member (registered_at)");
            int warming = (int) (perSecond * warmupSeconds);
            int total = (int) (perSecond * seconds);
            // an enclave takes 100 members besides its owner (EnclaveLimits): enough enclaves for every command, or
            // the ones over the limit are refused and never become visible (runs above 2,000 commands once stalled so)
            int enclaveCount = Math.max(warmup, (warming + total + 99) / 100);
            List<String> enclaves = new ArrayList<>();
            for (int i = 0; i < enclaveCount; i++) {
                String name = "read-" + run + "-" + i;
                enclaves.add(name);
                ProvisioningLatencyBenchmark.send(producer, json, topics, name, "ProvisionEnclave",
                        "{\"enclaveId\":\"" + name + "\",\"channel\":{\"id\":\""
                                + ProvisioningLatencyBenchmark.channel(name) + "\",\"name\":\"" + name + "\"}}");
            }
            awaitRows(jdbc, "select count(*) from enclave where status = 'ACTIVE' and name like 'read-" + run + "-%'",
                    enclaves.size());

            int[] next = {0};
            if (warming > 0) {
                System.out.printf(Locale.ROOT, "%s warm-up: %,d commands at %s/s%n", Instant.now(), warming, perSecond);
                round(jdbc, producer, json, topics, enclaves, next, members(run, "W", warming), perSecond, stamps);
            }
            List<String> members = members(run, "M", total);
            System.out.printf(Locale.ROOT, "%s counted: %,d commands at %s/s%n", Instant.now(), total, perSecond);
            round(jdbc, producer, json, topics, enclaves, next, members, perSecond, stamps);
            printTimeline(members, stamps);
            // without a warm-up, the first fifth warms the JIT, the pools and the processors up: not counted
            List<String> counted = warming > 0 ? members : members.subList(members.size() / 5, members.size());
            return new Visibility(stamps.between(counted, stamps.sent(), stamps.seen()),
                    stamps.between(counted, stamps.sent(), stamps.appended()),
                    stamps.between(counted, stamps.appended(), stamps.published()),
                    stamps.between(counted, stamps.published(), stamps.seen()));
        }
    }

    /**
     * When each member's command was sent, its event applied (the event's timestamp), its event read from
     * {@code enclave.events}, and its row seen in the read model.
     */
    private record Stamps(Map<String, Instant> sent, Map<String, Instant> appended, Map<String, Instant> published,
                          Map<String, Instant> seen) {

        Stamps() {
            this(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
                    new ConcurrentHashMap<>());
        }

        /**
         * The bench's reader and the read side consume {@code enclave.events} independently, and the read side is
         * sometimes the first by a few milliseconds: the event was on Kafka by the time its row was seen at the latest.
         */
        void settle(List<String> members) {
            members.forEach(member -> published.merge(member, seen.get(member),
                    (read, visible) -> read.isAfter(visible) ? visible : read));
        }

        List<Duration> between(List<String> members, Map<String, Instant> from, Map<String, Instant> to) {
            return members.stream().map(member -> Duration.between(from.get(member), to.get(member))).toList();
        }
    }

    private static List<String> members(String run, String round, int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(String.format(Locale.ROOT, "U%s%s%07d", run.toUpperCase(Locale.ROOT), round, i));
        }
        return members;
    }

    /** Sends a RegisterMember per member at the rate, round-robin over the enclaves, and waits until all are seen. */
    private static void round(JdbcTemplate jdbc, KafkaProducer<String, String> producer, ObjectMapper json,
                              TopicNames topics, List<String> enclaves, int[] next, List<String> members,
                              double perSecond, Stamps stamps) throws TimeoutException {
        Thread watcher = new Thread(() -> watch(jdbc, members, stamps), "read-model-watcher");
        watcher.setDaemon(true);
        watcher.start();
        ProvisioningLatencyBenchmark.paced(members, perSecond, member -> {
            String enclave = enclaves.get(next[0]++ % enclaves.size());
            stamps.sent().put(member, Instant.now());
            ProvisioningLatencyBenchmark.send(producer, json, topics, enclave, "RegisterMember",
                    "{\"enclaveId\":\"" + enclave + "\",\"member\":\"" + member + "\"}");
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!stamps.seen().keySet().containsAll(members) || !stamps.published().keySet().containsAll(members)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(members.stream().filter(stamps.seen()::containsKey).count() + " of "
                        + members.size() + " members became visible");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        watcher.interrupt();
        stamps.settle(members);
    }

    /**
     * The median of each stage, and the p99 of the whole, for the commands sent in each window of the run
     * ({@code -Dbench.timeline-seconds}, 5 by default): a queue that grows, or a stall, shows here.
     */
    private static void printTimeline(List<String> members, Stamps stamps) {
        int window = Integer.getInteger("bench.timeline-seconds", 5);
        Instant first = stamps.sent().get(members.get(0));
        Map<Long, List<String>> byWindow = new java.util.TreeMap<>();
        for (String member : members) {
            byWindow.computeIfAbsent(Duration.between(first, stamps.sent().get(member)).toSeconds() / window,
                            w -> new ArrayList<>())
                    .add(member);
        }
        System.out.println("sent at | commands | p50 send → appended | p50 appended → Kafka | p50 Kafka → read model"
                + " | p99 send → read model");
        byWindow.forEach((start, sentThen) -> System.out.printf(Locale.ROOT,
                "%3d s | %,d | %d ms | %d ms | %d ms | %d ms%n", start * window, sentThen.size(),
                median(stamps.between(sentThen, stamps.sent(), stamps.appended())),
                median(stamps.between(sentThen, stamps.appended(), stamps.published())),
                median(stamps.between(sentThen, stamps.published(), stamps.seen())),
                ProvisioningLatencyBenchmark.percentile(stamps.between(sentThen, stamps.sent(), stamps.seen()), 99)
                        .toMillis()));
    }

    private static long median(List<Duration> durations) {
        return ProvisioningLatencyBenchmark.percentile(durations, 50).toMillis();
    }

    private static String memberOf(ObjectMapper json, byte[] payload) {
        try {
            return json.readTree(payload).path("member").asText(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a MemberRegistered payload that is not JSON", e);
        }
    }

    /**
     * Polls the member table every 2 ms and notes when each awaited member first appears. Each poll asks only for rows
     * registered since the oldest member still unseen was sent (an event's time is after its command's send, on the
     * same clock), so a poll reads the members in flight, not the last seconds' worth: at 500 commands/s the wider
     * window made the watcher itself a tenth of the machine's CPU.
     */
    private static void watch(JdbcTemplate jdbc, List<String> members, Stamps stamps) {
        Map<String, Instant> seen = stamps.seen();
        int oldestUnseen = 0;
        while (!Thread.currentThread().isInterrupted() && oldestUnseen < members.size()) {
            while (oldestUnseen < members.size() && seen.containsKey(members.get(oldestUnseen))) {
                oldestUnseen++;
            }
            Instant since = oldestUnseen < members.size() ? stamps.sent().get(members.get(oldestUnseen)) : null;
            if (since != null) {
                Instant now = Instant.now();
                jdbc.query("select member, registered_at from enclave_member where registered_at >= ?", row -> {
                    if (seen.putIfAbsent(row.getString(1), now) == null) {
                        stamps.appended().put(row.getString(1), row.getTimestamp(2).toInstant());
                    }
                }, java.sql.Timestamp.from(since.minusMillis(1)));
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    /** The processors read the events as they are written; the rebuild starts once they have all. */
    private static void awaitCaughtUp(EventProcessingConfiguration processing, long events) throws TimeoutException {
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (!processing.eventProcessors().values().stream()
                .map(processor -> (org.axonframework.eventhandling.TrackingEventProcessor) processor)
                .allMatch(processor -> !processor.processingStatus().isEmpty() && processor.processingStatus().values()
                        .stream().allMatch(org.axonframework.eventhandling.EventTrackerStatus::isCaughtUp))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the processors did not read the " + events + " events within an hour");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }

    private static void awaitRows(JdbcTemplate jdbc, String count, int expected) throws TimeoutException {
        // provisioning hundreds of enclaves against the mock API server slows as it fills: 2 min, or 0.3 s each
        Duration patience = Duration.ofMillis(Math.max(Duration.ofMinutes(2).toMillis(), 300L * expected));
        long deadline = System.nanoTime() + patience.toNanos();
        while (jdbc.queryForObject(count, Integer.class) < expected) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("not reached: " + count + " = " + expected);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static String[] arguments(TestInfrastructure infrastructure, TopicNames topics) {
        return arguments(infrastructure, topics, null);
    }

    private static String[] arguments(TestInfrastructure infrastructure, TopicNames topics, String jdbcUrl) {
        List<String> args = new ArrayList<>();
        infrastructure.springProperties(jdbcUrl, topics.prefix()).forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        args.add("--logging.level.root=WARN");
        if (PROCESSORS != null) {
            args.add("--enclave.read-side.processors=" + PROCESSORS);
        }
        for (String processor : List.of("projections", "enclaves", "history", "receipts", "rooms")) {
            if (BATCH_SIZE != null) {
                args.add("--axon.eventhandling.processors." + processor + ".batch-size=" + BATCH_SIZE);
            }
        }
        String extra = System.getProperty("bench.args", "").strip();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        return args.toArray(String[]::new);
    }

    private static void createTopics(TestInfrastructure infrastructure, TopicNames topics) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers());
        try (AdminClient admin = AdminClient.create(config)) {
            admin.createTopics(topics.all().stream().map(topic -> new NewTopic(topic, 3, (short) 1)).toList())
                    .all().get();
        }
    }

    /** Ten events per enclave, as the command service publishes them: its converter, its metadata. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void write(KafkaMessageConverter converter, TestInfrastructure infrastructure, TopicNames topics,
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

    private ReadSideBenchmark() {
    }
}
