package io.enclavesuite.faults;

import io.enclavesuite.api.TopicNames;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.enclavesuite.testsupport.CommandChannel;
import io.enclavesuite.testsupport.Kind;
import io.enclavesuite.testsupport.TestInfrastructure;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The servers and the services under fault: the test servers of this JVM (the fabric8 Kubernetes mock API server and
 * an S3-compatible store, on loopback), a PostgreSQL server of the run's own that can be stopped and started
 * ({@link RestartablePostgres}), a Kafka broker process of the run's own that can be stopped, killed and started
 * ({@link KafkaBrokerProcess}), one topic prefix, and enclave-command replicas (and scenario 7's Slack gateway) as
 * child JVMs on them. test-support's in-process broker starts with the other test servers, but nothing here uses it.
 * Every child JVM is killed when the harness closes or its JVM exits.
 */
final class FaultHarness implements AutoCloseable {

    static final String COMMAND_MAIN = "io.enclavesuite.command.EnclaveCommandApplication";
    /** The intake's sender: a principal the test servers register to act for anyone. */
    static final String SENDER = "suite-test";
    /** How long a replica may take to start on a busy 2-core machine (three start at once beside the servers). */
    static final Duration START = Duration.ofMinutes(5);

    final TestInfrastructure infrastructure;
    /** The services' database, on a server of its own that scenario 3 stops and starts. */
    final RestartablePostgres postgres;
    /** Every Kafka client of the run (replicas, gateway, channel, tally) uses it; scenarios 4 and 7 stop it. */
    final KafkaBrokerProcess kafka;
    final String jdbcUrl;
    final TopicNames topics = new TopicNames(TestInfrastructure.uniqueTopicPrefix());
    final JdbcTemplate database;
    final CommandChannel channel;
    private final List<String> jvmOptions;
    private final Path logFolder;
    private final List<ServiceProcess> replicas = Collections.synchronizedList(new ArrayList<>());
    /** Child JVMs that are not write replicas (scenario 7's gateway): stopped and killed with them. */
    private final List<ServiceProcess> others = Collections.synchronizedList(new ArrayList<>());
    private final Thread killAll = new Thread(this::destroyNow, "fault-harness-kill-children");
    private ResultTally tally;

    /**
     * @param jvmOptions each child JVM's options (heap, GC, JIT)
     * @param logFolder  where each child JVM's output goes, one file per start
     */
    FaultHarness(List<String> jvmOptions, Path logFolder) {
        if (System.getProperty(Kind.SYSTEM_PROPERTY) == null && System.getenv(Kind.ENVIRONMENT_VARIABLE) == null) {
            // this machine's loopback, never a container engine that happens to be reachable
            System.setProperty(Kind.SYSTEM_PROPERTY, "embedded");
        }
        Runtime.getRuntime().addShutdownHook(killAll);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFolder = logFolder;
        // the broker's own JVM, C2 as well (it carries every record of the run), starting while the others do
        kafka = new KafkaBrokerProcess(List.of("-Xmx512m", "-XX:+UseSerialGC"), logFolder).launch();
        infrastructure = TestInfrastructure.get();
        postgres = new RestartablePostgres();
        jdbcUrl = postgres.jdbcUrl();
        database = new JdbcTemplate(new DriverManagerDataSource(jdbcUrl, infrastructure.postgresUsername(),
                infrastructure.postgresPassword()));
        kafka.awaitAnswering();
        channel = new CommandChannel(kafka.bootstrapServers(), topics, SENDER);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Starts {@code count} enclave-command replicas at once and waits until each is ready. */
    List<ServiceProcess> startReplicas(int count) {
        List<ServiceProcess> started = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            started.add(newReplica("replica-" + i).start());
        }
        started.forEach(replica -> replica.awaitReady(START));
        return started;
    }

    private ServiceProcess newReplica(String name) {
        List<String> args = serviceArguments();
        args.add("--server.port=0");
        args.add("--enclave.replicas.node-id=" + name);
        ServiceProcess replica = new ServiceProcess(name, COMMAND_MAIN, jvmOptions, args, logFolder);
        replicas.add(replica);
        return replica;
    }

    /**
     * Another service as a child JVM (not started): the servers' properties, then {@code arguments}; stopped and
     * killed with the replicas.
     */
    ServiceProcess newService(String name, String mainClass, List<String> arguments) {
        List<String> args = serviceArguments();
        args.addAll(arguments);
        ServiceProcess service = new ServiceProcess(name, mainClass, jvmOptions, args, logFolder);
        others.add(service);
        return service;
    }

    /** The servers as Spring properties (the run's database, broker and topic prefix), and quiet logs. */
    private List<String> serviceArguments() {
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, Object> property : infrastructure.springProperties(jdbcUrl, topics.prefix())
                .entrySet()) {
            if (!property.getKey().equals("management.server.port") // ServiceProcess gives it one of its own
                    && !property.getKey().equals("spring.kafka.bootstrap-servers")) { // not the in-process broker
                args.add("--" + property.getKey() + "=" + property.getValue());
            }
        }
        args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        args.add("--logging.level.root=WARN");
        args.add("--logging.level.io.enclavesuite=INFO");
        return args;
    }

    List<ServiceProcess> replicas() {
        return List.copyOf(replicas);
    }

    /** Counts results and dead letters from the topics' beginning; made once the replicas have made the topics. */
    synchronized ResultTally tally() {
        if (tally == null) {
            tally = new ResultTally(kafka.bootstrapServers(), topics);
        }
        return tally;
    }

    /** Events of this type (simple name) stored for aggregates whose id starts with {@code prefix}. */
    long events(String prefix, String type) {
        return database.queryForObject("select count(*) from enclave_command.domainevententry "
                + "where aggregateidentifier like ? and payloadtype like ?", Long.class, prefix + "%", "%." + type);
    }

    /** The payload types' simple names of one aggregate's events, in sequence order. */
    List<String> eventTypes(String aggregate) {
        return database.queryForList("select payloadtype from enclave_command.domainevententry "
                        + "where aggregateidentifier = ? order by sequencenumber", String.class, aggregate).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
    }

    /** One aggregate's sequence numbers in order: 0, 1, 2, … with no gap and no duplicate when nothing went wrong. */
    List<Long> sequence(String aggregate) {
        return database.queryForList("select sequencenumber from enclave_command.domainevententry "
                + "where aggregateidentifier = ? order by sequencenumber", Long.class, aggregate);
    }

    /** Sagas still open (a finished saga's row is gone). */
    long openSagas() {
        return database.queryForObject("select count(*) from enclave_command.sagaentry", Long.class);
    }

    /** Per enclave id with this prefix, how many namespaces carry its label: 1 each when nothing was duplicated. */
    Map<String, Integer> namespacesPerEnclave(String prefix) {
        try (KubernetesClient kubernetes = infrastructure.newKubernetesClient()) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            kubernetes.namespaces().withLabel(EnclaveLabels.ENCLAVE).list().getItems().stream()
                    .map(namespace -> namespace.getMetadata().getLabels().get(EnclaveLabels.ENCLAVE))
                    .filter(enclave -> enclave.startsWith(prefix))
                    .forEach(enclave -> counts.merge(enclave, 1, Integer::sum));
            return counts;
        }
    }

    /** SIGKILL to every child JVM, the broker's too, then PostgreSQL stopped: for the JVM shutdown hook. */
    private void destroyNow() {
        synchronized (replicas) {
            replicas.forEach(ServiceProcess::destroyNow);
        }
        synchronized (others) {
            others.forEach(ServiceProcess::destroyNow);
        }
        if (kafka != null) {
            kafka.destroyNow();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Override
    public void close() {
        if (tally != null) {
            tally.close();
        }
        channel.close();
        // one thread per replica: a graceful stop each, in parallel
        List<ServiceProcess> all = new ArrayList<>(replicas());
        synchronized (others) {
            all.addAll(others);
        }
        List<Thread> stops = all.stream().map(service -> new Thread(service::close, "stop-" + service.name()))
                .toList();
        stops.forEach(Thread::start);
        for (Thread stop : stops) {
            try {
                stop.join(Duration.ofSeconds(70).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.close(); // after its clients: a graceful stop, then its folder deleted
        destroyNow();
        postgres.close();
        try {
            Runtime.getRuntime().removeShutdownHook(killAll);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs anyway
        }
    }
}
