package io.enclavesuite.faults;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 30's scaling measurement: the same load through 1, 2 and 3 enclave-command replicas (child JVMs on this
 * machine), each count on a harness of its own (a fresh PostgreSQL, new topics). For each: {@code enclaves} enclaves
 * provisioned, a warm-up of {@code warmup} commands, then {@code commands} distinct RegisterMember commands sent once
 * each as fast as the broker takes them; the time runs from the first send to the last result. Printed per count:
 * commands/s, each replica's CPU, the replicas' CPU per command, and how busy the whole machine was (so a
 * saturated machine is told apart from a queue). Then, on the same replicas, send → result latency at each of
 * {@code rates} per second for {@code seconds}, half of the sends repeats ({@link OpenLoopLatency}).
 * <p>
 * Arguments ({@code name=value}, all optional): {@code replicas=1,2,3}, {@code enclaves=100}, {@code commands=10000},
 * {@code warmup=1000}, {@code rates=250,500}, {@code seconds=20}, {@code seed=30}, {@code logs=target/throughput-logs},
 * {@code jvm=-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}. Run: {@code bin/fault-suite throughput ...}.
 */
public final class ReplicaThroughput {

    static final Map<String, String> DEFAULTS = Map.of("replicas", "1,2,3", "enclaves", "100", "commands", "10000",
            "warmup", "1000", "rates", "250,500", "seconds", "20", "seed", "30", "logs", "target/throughput-logs",
            "jvm", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");

    private ReplicaThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "fault-suite-logback.xml"); // before the first logger
        }
        Map<String, String> settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("replica-throughput: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Integer> counts = Arrays.stream(settings.get("replicas").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        int enclaves = Integer.parseInt(settings.get("enclaves"));
        int commands = Integer.parseInt(settings.get("commands"));
        int warmup = Integer.parseInt(settings.get("warmup"));
        long seed = Long.parseLong(settings.get("seed"));
        List<String> jvm = List.of(settings.get("jvm").trim().split("\\s+"));
        System.out.printf(Locale.ROOT, "replica throughput: %d enclaves, %d commands sent once each after %d of "
                + "warm-up; %d cores; replicas %s%n", enclaves, commands, warmup,
                Runtime.getRuntime().availableProcessors(), counts);
        List<Integer> rates = Arrays.stream(settings.get("rates").split(",")).map(String::trim)
                .map(Integer::parseInt).toList();
        int seconds = Integer.parseInt(settings.get("seconds"));
        List<String> rows = new ArrayList<>();
        List<String> latencies = new ArrayList<>();
        boolean lost = false;
        for (int count : counts) {
            try (FaultHarness harness = new FaultHarness(jvm, Path.of(settings.get("logs"), "r" + count))) {
                Row row = measure(harness, count, enclaves, commands, warmup, seed);
                rows.add(row.line());
                lost |= row.effects() != commands;
                System.out.println(row.line());
                System.out.flush();
                for (int rate : rates) {
                    int distinct = Math.max(1, rate * seconds / 2);
                    CommandLoad load = new CommandLoad(harness.channel, "o" + rate + "-", (distinct + 99) / 100,
                            distinct, seed + rate);
                    provision(harness, load);
                    String line = OpenLoopLatency.run(harness, load, rate).line(count);
                    latencies.add(line);
                    System.out.println(line);
                    System.out.flush();
                }
            }
        }
        System.out.println();
        System.out.println("| replicas | commands/s | CPU per replica (s) | replicas' CPU per command (ms) "
                + "| harness CPU (s) | machine busy | effects |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        if (!latencies.isEmpty()) {
            System.out.println();
            System.out.println("| replicas | sends/s asked | sends | sends/s done | p50 ms | p95 ms | p99 ms | max ms |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            latencies.forEach(System.out::println);
        }
        System.exit(lost ? 1 : 0);
    }

    static Map<String, String> parse(String... args) {
        Map<String, String> values = NamedArguments.parse(DEFAULTS, args);
        for (String number : List.of("enclaves", "commands", "warmup", "seconds")) {
            if (Integer.parseInt(values.get(number)) < 1) {
                throw new IllegalArgumentException(number + " must be at least 1");
            }
        }
        for (String count : values.get("replicas").split(",")) {
            int replicas = Integer.parseInt(count.trim());
            if (replicas < 1 || replicas > 8) {
                throw new IllegalArgumentException("replicas=" + count.trim() + ": between 1 and 8 per measurement");
            }
        }
        for (String rate : values.get("rates").split(",")) {
            if (Integer.parseInt(rate.trim()) < 1) {
                throw new IllegalArgumentException("rates=" + rate.trim() + ": at least 1 send per second");
            }
        }
        if (Integer.parseInt(values.get("commands")) > 100 * Integer.parseInt(values.get("enclaves"))) {
            throw new IllegalArgumentException("an enclave takes at most 100 members: commands ≤ 100 × enclaves");
        }
        return values;
    }

    private static Row measure(FaultHarness harness, int count, int enclaves, int commands, int warmup, long seed)
            throws Exception {
        List<ServiceProcess> replicas = harness.startReplicas(count);
        harness.tally();
        run(harness, new CommandLoad(harness.channel, "tw-", Math.max(1, (warmup + 99) / 100), warmup, seed));
        CommandLoad load = new CommandLoad(harness.channel, "tm-", enclaves, commands, seed + 1);
        provision(harness, load);
        List<Duration> cpuBefore = replicas.stream().map(ReplicaThroughput::cpu).toList();
        long harnessBefore = harnessCpuNanos();
        long[] machineBefore = machineTicks();
        long began = System.nanoTime();
        load.sendEachOnce();
        awaitResults(harness, load);
        double seconds = (System.nanoTime() - began) / 1e9;
        long[] machineAfter = machineTicks();
        double harnessSeconds = (harnessCpuNanos() - harnessBefore) / 1e9;
        List<Double> perReplica = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            perReplica.add(cpu(replicas.get(i)).minus(cpuBefore.get(i)).toMillis() / 1000.0);
        }
        double busy = (double) (machineAfter[0] - machineBefore[0]) / Math.max(1, machineAfter[1] - machineBefore[1]);
        return new Row(count, commands / seconds, perReplica, harnessSeconds, busy,
                harness.events(load.prefix(), "MemberRegistered"), commands);
    }

    /** Provisions the load's enclaves and waits until each is active. */
    private static void provision(FaultHarness harness, CommandLoad load) throws Exception {
        load.provision();
        Awaitility.await("every enclave active").atMost(DuplicateScenarios.bound(load.enclaves() * 3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> harness.events(load.prefix(), "EnclaveActivated") == load.enclaves());
    }

    private static void run(FaultHarness harness, CommandLoad load) throws Exception {
        provision(harness, load);
        load.sendEachOnce();
        awaitResults(harness, load);
    }

    private static void awaitResults(FaultHarness harness, CommandLoad load) {
        Awaitility.await("a result for every command").atMost(DuplicateScenarios.bound(load.commands()))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> harness.tally().commandsWithAtLeast(load.memberIds(), 1) == load.commands());
    }

    private static Duration cpu(ServiceProcess replica) {
        return ProcessHandle.of(replica.pid()).flatMap(process -> process.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException(replica.name() + "'s CPU time is not readable"));
    }

    /** This JVM's CPU: the broker, the Kubernetes mock API, the senders and the tally. */
    private static long harnessCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The whole machine's busy and total CPU ticks from /proc/stat (every process, PostgreSQL's included). */
    private static long[] machineTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) { // user … steal; guest time is inside user already
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
        return new long[] {total - idle, total};
    }

    private record Row(int replicas, double perSecond, List<Double> cpuPerReplica, double harnessCpu, double busy,
                       long effects, int commands) {

        String line() {
            double replicasCpu = cpuPerReplica.stream().mapToDouble(Double::doubleValue).sum();
            return String.format(Locale.ROOT, "| %d | %.0f | %s | %.2f | %.1f | %.0f %% | %d of %d |", replicas,
                    perSecond, cpuPerReplica.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList(),
                    replicasCpu * 1000 / commands, harnessCpu, busy * 100, effects, commands);
        }
    }
}
