package io.enclavesuite.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 30's fault suite: the servers (a restartable embedded PostgreSQL and a Kafka broker process, both of the
 * run's own, the fabric8 Kubernetes mock API server and an S3-compatible store in this JVM, all on loopback),
 * {@code replicas} enclave-command replicas as child JVMs on them, then the scenarios in turn. Prints one line per
 * scenario and exits 1 when any failed (2 on a bad argument).
 * <p>
 * Arguments ({@code name=value}, all optional; the defaults are the full sizes): {@code replicas=3},
 * {@code enclaves=100}, {@code commands=10000} (each sent twice), {@code rounds=5} (scenario 6's deploy/freeze
 * rounds), {@code outage=20} (seconds PostgreSQL is away in scenario 3), {@code kafka-outage=20} (seconds the broker
 * is away in scenario 4), {@code scenarios=1,2,6,3,4,5,7} (scenario 5 provisions and deprovisions at most 50
 * enclaves; 7 sends the 100 slash commands), {@code seed=30}, {@code logs=target/fault-logs} (each child
 * JVM's output), {@code jvm=-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} (each service JVM's options: the C1
 * compiler only, as three JVMs starting at once on two cores spend most of their start compiling).
 */
public final class FaultSuite {

    /** Scenario 7: the slash commands the gateway acknowledges before it is killed (the number). */
    static final int GATEWAY_COMMANDS = 100;

    private FaultSuite() {
    }

    /** The settings of one run, from {@code name=value} arguments over the defaults. */
    record Settings(int replicas, int enclaves, int commands, int rounds, int outage, int kafkaOutage,
                    List<Integer> scenarios, long seed, Path logs, List<String> jvm) {

        static final Map<String, String> DEFAULTS = Map.of("replicas", "3", "enclaves", "100", "commands", "10000",
                "rounds", "5", "outage", "20", "kafka-outage", "20", "scenarios", "1,2,6,3,4,5,7", "seed", "30",
                "logs", "target/fault-logs", "jvm", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

        static Settings parse(String... args) {
            Map<String, String> values = NamedArguments.parse(DEFAULTS, args);
            List<Integer> scenarios = Arrays.stream(values.get("scenarios").split(",")).map(String::trim)
                    .map(Integer::parseInt).toList();
            for (int scenario : scenarios) {
                if (scenario < 1 || scenario > 7) {
                    throw new IllegalArgumentException("scenario " + scenario + ": the issue lists 1 to 7");
                }
            }
            Settings settings = new Settings(Integer.parseInt(values.get("replicas")),
                    Integer.parseInt(values.get("enclaves")), Integer.parseInt(values.get("commands")),
                    Integer.parseInt(values.get("rounds")), Integer.parseInt(values.get("outage")),
                    Integer.parseInt(values.get("kafka-outage")), scenarios,
                    Long.parseLong(values.get("seed")),
                    Path.of(values.get("logs")), List.of(values.get("jvm").trim().split("\\s+")));
            if (settings.replicas() < 2) {
                throw new IllegalArgumentException("replicas=" + settings.replicas() + ": scenarios 2 and 6 need 2");
            }
            return settings;
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fault-suite-logback.xml"); // before the first logger
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fault-suite: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<ScenarioResult> results = run(settings, line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.exit(results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
    }

    /**
     * Runs the scenarios asked for, in the priority order (1, 2, 6, then the rest), each line handed to
     * {@code out} as it finishes; a scenario not built yet is a failure that says so.
     */
    static List<ScenarioResult> run(Settings settings, java.util.function.Consumer<String> out) {
        List<ScenarioResult> results = new ArrayList<>();
        long began = System.nanoTime();
        out.accept(String.format(Locale.ROOT, "fault suite: %d replicas, %d enclaves, %d commands (each sent twice), "
                        + "scenarios %s; child JVMs' logs in %s", settings.replicas(), settings.enclaves(),
                settings.commands(), settings.scenarios(), settings.logs().toAbsolutePath()));
        try (FaultHarness harness = new FaultHarness(settings.jvm(), settings.logs())) {
            List<ServiceProcess> replicas = harness.startReplicas(settings.replicas());
            out.accept(String.format(Locale.ROOT, "%d replicas ready in %d s (pids %s)", replicas.size(),
                    (System.nanoTime() - began) / 1_000_000_000L,
                    replicas.stream().map(replica -> String.valueOf(replica.pid())).toList()));
            harness.tally(); // the replicas have made the topics: count from their beginning
            DuplicateScenarios duplicates = new DuplicateScenarios(harness);
            for (int scenario : List.of(1, 2, 6, 3, 4, 5, 7)) { // the priority order
                if (!settings.scenarios().contains(scenario)) {
                    continue;
                }
                ScenarioResult result = runOne(scenario, settings, harness, duplicates, replicas);
                results.add(result);
                out.accept(result.line());
            }
        } catch (RuntimeException e) {
            results.add(new ScenarioResult(0, "harness", List.of(String.valueOf(e)), "no counts",
                    java.time.Duration.ofNanos(System.nanoTime() - began)));
            out.accept("fault suite: FAIL " + e);
        }
        return results;
    }

    private static ScenarioResult runOne(int scenario, Settings settings, FaultHarness harness,
                                         DuplicateScenarios duplicates, List<ServiceProcess> replicas) {
        long began = System.nanoTime();
        try {
            return switch (scenario) {
                case 1 -> duplicates.duplicates(settings.enclaves(), settings.commands(), settings.seed());
                case 2 -> duplicates.killedReplica(settings.enclaves(), settings.commands(), settings.seed() + 1,
                        replicas.get(replicas.size() - 1));
                case 6 -> new ConflictScenario(harness).run(settings.rounds());
                case 5 -> new LifecycleScenario(harness).run(Math.min(settings.enclaves(), 50),
                        replicas.get(replicas.size() - 1));
                case 3 -> new OutageScenario(harness).postgresAway(settings.enclaves(), settings.commands(),
                        settings.seed() + 3, java.time.Duration.ofSeconds(settings.outage()));
                case 4 -> new OutageScenario(harness).kafkaAway(settings.enclaves(), settings.commands(),
                        settings.seed() + 4, java.time.Duration.ofSeconds(settings.kafkaOutage()));
                case 7 -> new GatewayScenario(harness).run(GATEWAY_COMMANDS);
                default -> throw new IllegalArgumentException("no scenario " + scenario);
            };
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new ScenarioResult(scenario, "crashed", List.of(String.valueOf(e)), "no counts",
                    java.time.Duration.ofNanos(System.nanoTime() - began));
        }
    }
}
