package io.enclavesuite.faults;

import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Scenarios 1 and 2: distinct commands, each delivered twice in a random order, to the write replicas — with nothing
 * going wrong (1), and with one replica killed (kill -9) half-way and started again (2). Each must end with exactly
 * one effect per command, one result per send and no dead letter; in 2 also every provisioning saga finished and one
 * namespace (with one ResourceQuota) per enclave.
 */
final class DuplicateScenarios {

    private final FaultHarness harness;

    DuplicateScenarios(FaultHarness harness) {
        this.harness = harness;
    }

    /** Scenario 1: {@code commands} distinct commands over {@code enclaves} enclaves, each sent twice. */
    ScenarioResult duplicates(int enclaves, int commands, long seed) throws Exception {
        long began = System.nanoTime();
        CommandLoad load = new CommandLoad(harness.channel, "s1-", enclaves, commands, seed);
        long deadLettersBefore = harness.tally().deadLetters();
        List<String> failures = new ArrayList<>();
        load.provision();
        awaitOrFail(failures, "every enclave's provisioning accepted", bound(enclaves * 2),
                () -> harness.tally().acceptedAmong(load.provisionIds()) == enclaves);
        load.sendTwiceShuffled(() -> { });
        return settle(harness, 1, "duplicates to " + harness.replicas().size() + " replicas", load, deadLettersBefore,
                failures, began);
    }

    /**
     * Scenario 2: as 1, the enclaves provisioned while the commands go out, and {@code victim} killed with SIGKILL when
     * half of the sends are out, then started again while the rest go on.
     */
    ScenarioResult killedReplica(int enclaves, int commands, long seed, ServiceProcess victim) throws Exception {
        long began = System.nanoTime();
        CommandLoad load = new CommandLoad(harness.channel, "s2-", enclaves, commands, seed);
        long deadLettersBefore = harness.tally().deadLetters();
        List<String> failures = new ArrayList<>();
        AtomicReference<String> kill = new AtomicReference<>("never killed");
        load.provision();
        load.sendTwiceShuffled(() -> {
            long pid = victim.pid();
            victim.kill();
            kill.set("pid " + pid + " killed (exit " + ServiceProcess.KILLED + ")");
            victim.start(); // it rejoins while the other half of the sends goes on
        });
        victim.awaitReady(FaultHarness.START);
        awaitOrFail(failures, "every enclave active", bound(enclaves * 3),
                () -> harness.events(load.prefix(), "EnclaveActivated") == enclaves);
        awaitOrFail(failures, "every provisioning saga finished", bound(enclaves * 3),
                () -> openProvisioningSagas() == 0);
        ScenarioResult result = settle(harness, 2, "kill -9 of " + victim.name() + " mid-run", load, deadLettersBefore,
                failures, began);
        Map<String, Integer> namespaces = harness.namespacesPerEnclave(load.prefix());
        List<String> more = new ArrayList<>(result.failures());
        if (namespaces.size() != enclaves || namespaces.values().stream().anyMatch(count -> count != 1)) {
            more.add("namespaces per enclave: " + namespaces);
        }
        long quotas = quotasIn(load);
        if (quotas != enclaves) {
            more.add(quotas + " ResourceQuotas for " + enclaves + " enclaves");
        }
        return new ScenarioResult(2, result.title(), more, result.counts() + ", " + namespaces.size() + " namespaces, "
                + quotas + " quotas, " + kill.get(), result.took());
    }

    /**
     * Waits until every send has its result and nothing more arrives for 5 s; then counts. Exactly one result per
     * send, fault or not: the intake commits a poll's answers and offsets in one Kafka transaction, so a batch answered
     * just before a kill is read again and answered again (from processed_command) only when its first answers were
     * aborted, which the tally (read_committed) never sees. A second result, were there one, would be counted in the
     * line, and whether it gave the same answer.
     */
    static ScenarioResult settle(FaultHarness harness, int number, String title, CommandLoad load,
                                 long deadLettersBefore, List<String> failures, long began) {
        ResultTally tally = harness.tally();
        long expected = 2L * load.commands();
        awaitOrFail(failures, "a result for every send", bound(load.commands()),
                () -> tally.commandsWithAtLeast(load.memberIds(), 2) == load.commands());
        long[] seen = {tally.resultsFor(load.memberIds())};
        awaitOrFail(failures, "no further result for 5 s", Duration.ofSeconds(60), () -> {
            long now = tally.resultsFor(load.memberIds());
            boolean still = now == seen[0];
            seen[0] = now;
            return still;
        }, Duration.ofSeconds(5));
        long effects = harness.events(load.prefix(), "MemberRegistered");
        long results = tally.resultsFor(load.memberIds());
        long answered = tally.commandsWithAtLeast(load.memberIds(), 2);
        long accepted = tally.acceptedAmong(load.memberIds());
        long different = tally.answeredDifferently(load.memberIds());
        long deadLetters = tally.deadLetters() - deadLettersBefore;
        if (effects != load.commands()) {
            failures.add(effects + " effects for " + load.commands() + " commands");
        }
        // a send the harness made again after a failure may have reached the broker too: its one extra result is a send's
        boolean onePerSend = results >= expected && results <= expected + load.sentAgain();
        if (answered != load.commands() || accepted != load.commands() || different != 0 || !onePerSend) {
            failures.add(results + " results for " + expected + " sends; " + answered + " commands answered twice or"
                    + " more, " + accepted + " accepted, " + different + " answered differently"
                    + (tally.refusals().isEmpty() ? "" : "; not accepted: " + tally.refusals()));
        }
        if (deadLetters != 0) {
            failures.add(deadLetters + " dead letters");
        }
        String repeats = results > expected ? " (" + (results - expected) + " more than the sends, "
                + (different == 0 ? "each the same answer" : "not all the same") + ")" : "";
        return new ScenarioResult(number, title, failures, effects + " effects, " + results + " results" + repeats
                + ", " + deadLetters + " DLT", Duration.ofNanos(System.nanoTime() - began));
    }

    private long openProvisioningSagas() {
        return harness.database.queryForObject("select count(*) from enclave_command.sagaentry "
                + "where sagatype like '%.ProvisioningSaga'", Long.class);
    }

    private long quotasIn(CommandLoad load) {
        try (KubernetesClient kubernetes = harness.infrastructure.newKubernetesClient()) {
            return kubernetes.namespaces().withLabel(EnclaveLabels.ENCLAVE).list().getItems().stream()
                    .filter(namespace -> namespace.getMetadata().getLabels().get(EnclaveLabels.ENCLAVE)
                            .startsWith(load.prefix()))
                    .mapToLong(namespace -> kubernetes.resourceQuotas().inNamespace(namespace.getMetadata().getName())
                            .list().getItems().size())
                    .sum();
        }
    }

    /** Generous for a loaded 2-core machine: two minutes plus 40 ms per item. */
    static Duration bound(int items) {
        return Duration.ofMinutes(2).plusMillis(40L * items);
    }

    static void awaitOrFail(List<String> failures, String what, Duration atMost, BooleanSupplier condition) {
        awaitOrFail(failures, what, atMost, condition, Duration.ZERO);
    }

    /** Waits for {@code condition} (held for {@code during}); a timeout is a failure of the scenario, not a crash. */
    static void awaitOrFail(List<String> failures, String what, Duration atMost, BooleanSupplier condition,
                            Duration during) {
        try {
            var await = Awaitility.await(what).atMost(atMost.plus(during)).pollInterval(Duration.ofMillis(250));
            if (!during.isZero()) {
                await = await.during(during);
            }
            await.until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            failures.add("not within " + atMost.toSeconds() + " s: " + what);
        }
    }
}
