package io.enclavesuite.faults;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenarios 3 and 4: a server the replicas need taken away under load for {@code outage}, then started again on the
 * same folder and port — PostgreSQL stopped (3), the Kafka broker killed with SIGKILL (4). Every command the broker
 * acknowledged must still take effect once, with one result per send and no dead letter;
 * the replicas must come back by themselves (the same processes: no restart) and their readiness must say DOWN while
 * the server is away.
 */
final class OutageScenario {

    /** One thread per replica for {@link #lookAtOnce}; daemons, so they never hold the JVM. */
    private static final java.util.concurrent.ExecutorService LOOKS = java.util.concurrent.Executors
            .newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "fault-readiness-look");
                thread.setDaemon(true);
                return thread;
            });

    private final FaultHarness harness;

    OutageScenario(FaultHarness harness) {
        this.harness = harness;
    }

    /** Scenario 3: PostgreSQL stopped (a fast shutdown) half-way through the sends. */
    ScenarioResult postgresAway(int enclaves, int commands, long seed, Duration outage) throws Exception {
        return run(3, "PostgreSQL away for " + outage.toSeconds() + " s mid-load", "PostgreSQL",
                new CommandLoad(harness.channel, "s3-", enclaves, commands, seed), outage,
                harness.postgres::stop, harness.postgres::start);
    }

    /**
     * Scenario 4: the broker killed (kill -9, exit 137 checked) half-way through the sends, and started again on its
     * log after {@code outage}. The harness's sends that fail meanwhile go again until acknowledged.
     */
    ScenarioResult kafkaAway(int enclaves, int commands, long seed, Duration outage) throws Exception {
        AtomicReference<String> broker = new AtomicReference<>();
        CommandLoad load = new CommandLoad(harness.channel, "s4-", enclaves, commands, seed);
        ScenarioResult result = run(4, "Kafka broker killed (kill -9) for " + outage.toSeconds()
                        + " s mid-load", "Kafka", load, outage,
                () -> {
                    long pid = harness.kafka.pid();
                    harness.kafka.kill();
                    broker.set("broker pid " + pid + " killed (exit " + ServiceProcess.KILLED + ")");
                },
                () -> broker.set(broker.get() + ", pid " + harness.kafka.start().pid() + " on the same log"));
        return new ScenarioResult(4, result.title(), result.failures(), result.counts() + ", " + load.sentAgain()
                + " sends sent again, " + broker.get(), result.took());
    }

    private ScenarioResult run(int number, String title, String server, CommandLoad load, Duration outage,
                               Runnable stop, Runnable start) throws Exception {
        long began = System.nanoTime();
        List<ServiceProcess> replicas = harness.replicas().stream().filter(ServiceProcess::alive).toList();
        Map<String, Long> pids = new TreeMap<>();
        replicas.forEach(replica -> pids.put(replica.name(), replica.pid()));
        long deadLettersBefore = harness.tally().deadLetters();
        List<String> failures = new ArrayList<>();
        load.provision();
        DuplicateScenarios.awaitOrFail(failures, "every enclave active", DuplicateScenarios.bound(load.enclaves() * 3),
                () -> harness.events(load.prefix(), "EnclaveActivated") == load.enclaves());
        AtomicReference<String> during = new AtomicReference<>("no outage");
        load.sendTwiceShuffled(() -> during.set(outage(replicas, server, outage, stop, start, failures)));
        DuplicateScenarios.awaitOrFail(failures, "every replica ready again", FaultHarness.START,
                () -> replicas.stream().allMatch(replica -> replica.readiness().equals(Optional.of("UP"))));
        replicas.forEach(replica -> {
            if (!replica.alive() || replica.pid() != pids.get(replica.name())) {
                failures.add(replica.name() + " did not come back by itself (pid " + pids.get(replica.name()) + ")");
            }
        });
        ScenarioResult counted = DuplicateScenarios.settle(harness, number, title, load, deadLettersBefore, failures,
                began);
        return new ScenarioResult(number, counted.title(), counted.failures(), counted.counts() + ", " + during.get()
                + ", the same " + replicas.size() + " processes after", counted.took());
    }

    /**
     * Stops the server, checks that every replica's readiness says DOWN (within 30 s, and then at every look for the
     * rest of the outage), starts it again; returns what readiness said. The rest of the outage is watched until its
     * end, however long one look takes: with Kafka away each replica's answer waits for its health check's timeout,
     * and on a loaded machine one look at three replicas can take longer than the outage has left.
     */
    /** Every replica's readiness, asked at once: one slow answer does not delay the others' look. */
    private static Map<String, Optional<String>> lookAtOnce(List<ServiceProcess> replicas) {
        Map<String, java.util.concurrent.CompletableFuture<Optional<String>>> asked = new TreeMap<>();
        replicas.forEach(replica -> asked.put(replica.name(),
                java.util.concurrent.CompletableFuture.supplyAsync(replica::readiness, LOOKS)));
        Map<String, Optional<String>> answers = new TreeMap<>();
        asked.forEach((name, answer) -> answers.put(name, answer.join()));
        return answers;
    }

    private String outage(List<ServiceProcess> replicas, String server, Duration outage, Runnable stop, Runnable start,
                          List<String> failures) {
        long stopped = System.nanoTime();
        long end = stopped + outage.toNanos();
        List<String> saidUp = new CopyOnWriteArrayList<>();
        int looks = 0;
        stop.run();
        try {
            Awaitility.await("readiness DOWN without " + server).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lookAtOnce(replicas).values().stream().allMatch(status -> status
                            .filter("UP"::equals).isEmpty()));
            AtomicInteger looked = new AtomicInteger();
            Awaitility.await("the rest of the " + server + " outage")
                    .atMost(outage.plusSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        looked.incrementAndGet();
                        lookAtOnce(replicas).forEach((name, status) -> status.filter("UP"::equals).ifPresent(up ->
                                saidUp.add(name + " at " + Duration.ofNanos(System.nanoTime() - stopped).toSeconds()
                                        + " s")));
                        return System.nanoTime() >= end;
                    });
            looks = looked.get();
            if (!saidUp.isEmpty()) {
                failures.add("readiness said UP while " + server + " was away: " + saidUp);
            }
        } catch (ConditionTimeoutException e) {
            failures.add("readiness did not say DOWN while " + server + " was away: " + e.getMessage());
        } finally {
            start.run();
        }
        return "readiness " + (failures.stream().anyMatch(failure -> failure.startsWith("readiness")) ? "not DOWN"
                : "DOWN") + " at " + looks + " looks in the " + Duration.ofNanos(System.nanoTime() - stopped)
                .toSeconds() + " s outage";
    }
}
