package io.enclavesuite.faults;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 3: PostgreSQL stopped under load for {@code outage}, then started again on the same folder and port. Every
 * command the broker acknowledged must still take effect once, with one result per send and no dead letter; the
 * replicas must come back by themselves (the same processes: no restart) and their readiness must say DOWN while the
 * database is away.
 */
final class OutageScenario {

    private final FaultHarness harness;

    OutageScenario(FaultHarness harness) {
        this.harness = harness;
    }

    ScenarioResult postgresAway(int enclaves, int commands, long seed, Duration outage) throws Exception {
        long began = System.nanoTime();
        List<ServiceProcess> replicas = harness.replicas().stream().filter(ServiceProcess::alive).toList();
        Map<String, Long> pids = new TreeMap<>();
        replicas.forEach(replica -> pids.put(replica.name(), replica.pid()));
        CommandLoad load = new CommandLoad(harness.channel, "s3-", enclaves, commands, seed);
        long deadLettersBefore = harness.tally().deadLetters();
        List<String> failures = new ArrayList<>();
        load.provision();
        DuplicateScenarios.awaitOrFail(failures, "every enclave active", DuplicateScenarios.bound(enclaves * 3),
                () -> harness.events(load.prefix(), "EnclaveActivated") == enclaves);
        AtomicReference<String> during = new AtomicReference<>("no outage");
        load.sendTwiceShuffled(() -> during.set(outage(replicas, outage, failures)));
        DuplicateScenarios.awaitOrFail(failures, "every replica ready again", FaultHarness.START,
                () -> replicas.stream().allMatch(replica -> replica.readiness().equals(Optional.of("UP"))));
        replicas.forEach(replica -> {
            if (!replica.alive() || replica.pid() != pids.get(replica.name())) {
                failures.add(replica.name() + " did not come back by itself (pid " + pids.get(replica.name()) + ")");
            }
        });
        ScenarioResult counted = DuplicateScenarios.settle(harness, 3, "PostgreSQL away for " + outage.toSeconds()
                + " s mid-load", load, deadLettersBefore, failures, began, true);
        return new ScenarioResult(3, counted.title(), counted.failures(), counted.counts() + ", " + during.get()
                + ", the same " + replicas.size() + " processes after", counted.took());
    }

    /**
     * Stops PostgreSQL, checks that every replica's readiness says DOWN (within 30 s, and then for the rest of the
     * outage), starts it again; returns what readiness said.
     */
    private String outage(List<ServiceProcess> replicas, Duration outage, List<String> failures) {
        long stopped = System.nanoTime();
        harness.postgres.stop();
        try {
            Awaitility.await("readiness DOWN without PostgreSQL").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> replicas.stream().allMatch(replica -> replica.readiness().filter("UP"::equals)
                            .isEmpty()));
            Duration notYet = outage.minus(Duration.ofNanos(System.nanoTime() - stopped));
            if (!notYet.isNegative() && !notYet.isZero()) {
                // held for the rest of the outage: a replica that says UP without its database fails the scenario
                Awaitility.await("readiness DOWN while PostgreSQL is away").atMost(notYet.plusSeconds(10))
                        .pollInterval(Duration.ofSeconds(1)).during(notYet)
                        .until(() -> replicas.stream().allMatch(replica -> replica.readiness().filter("UP"::equals)
                                .isEmpty()));
            }
        } catch (ConditionTimeoutException e) {
            failures.add("readiness did not say DOWN while PostgreSQL was away: " + e.getMessage());
        } finally {
            harness.postgres.start();
        }
        return "readiness " + (failures.stream().anyMatch(failure -> failure.startsWith("readiness")) ? "not DOWN"
                : "DOWN") + " for the " + Duration.ofNanos(System.nanoTime() - stopped).toSeconds() + " s outage";
    }
}
