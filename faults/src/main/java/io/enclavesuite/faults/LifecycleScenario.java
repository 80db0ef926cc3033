package io.enclavesuite.faults;

import io.enclavesuite.api.CommandResult;
import io.enclavesuite.command.kubernetes.EnclaveLabels;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 5: a replica killed (kill -9) while {@code enclaves} enclaves are being provisioned, and again while they are
 * being deprovisioned; each time started again. Every enclave must converge — active with exactly one namespace, one
 * ResourceQuota and one database, then deprovisioned with no namespace and no database left — and no provisioning or
 * deprovisioning saga may stay open.
 */
final class LifecycleScenario {

    private final FaultHarness harness;

    LifecycleScenario(FaultHarness harness) {
        this.harness = harness;
    }

    ScenarioResult run(int enclaves, ServiceProcess victim) throws Exception {
        long began = System.nanoTime();
        List<String> failures = new ArrayList<>();
        CommandLoad load = new CommandLoad(harness.channel, "s5-", enclaves, 0, 0);
        long deadLettersBefore = harness.tally().deadLetters();

        load.provision();
        // killed once a few enclaves are active and the others' sagas are under way
        killWhen(victim, () -> harness.events(load.prefix(), "EnclaveActivated") >= Math.max(1, enclaves / 5));
        DuplicateScenarios.awaitOrFail(failures, "every enclave active",
                DuplicateScenarios.bound(enclaves * 4),
                () -> harness.events(load.prefix(), "EnclaveActivated") == enclaves);
        DuplicateScenarios.awaitOrFail(failures, "every provisioning saga finished", DuplicateScenarios.bound(enclaves),
                () -> openSagas("ProvisioningSaga") == 0);
        Map<String, Integer> namespaces = harness.namespacesPerEnclave(load.prefix());
        long quotas = quotas(load.prefix());
        long databases = databases(load.prefix());
        if (namespaces.size() != enclaves || namespaces.values().stream().anyMatch(count -> count != 1)
                || quotas != enclaves || databases != enclaves) {
            failures.add("after provisioning: " + namespaces.size() + " namespaces, " + quotas + " quotas, "
                    + databases + " databases for " + enclaves + " enclaves");
        }
        String provisioned = namespaces.size() + " namespaces, " + quotas + " quotas, " + databases + " databases";

        // each owner asks for a code (sealed to this channel's key, opened here), then confirms with it
        List<UUID> confirmations = new ArrayList<>();
        for (int i = 0; i < enclaves; i++) {
            CommandResult requested = harness.channel.execute(load.enclave(i), "RequestDeprovision",
                    "{\"enclaveId\":\"" + load.enclave(i) + "\"}", load.ownerOf(i), load.channelOf(i));
            String code = requested.details() == null ? null : requested.details().get("confirmationCode");
            if (requested.status() != CommandResult.Status.ACCEPTED || code == null) {
                failures.add(load.enclave(i) + ": no confirmation code (" + requested.reason() + ")");
                continue;
            }
            UUID id = UUID.randomUUID();
            confirmations.add(id);
            harness.channel.send(load.enclave(i), harness.channel.envelope(id, "ConfirmDeprovision",
                    "{\"enclaveId\":\"" + load.enclave(i) + "\",\"confirmationCode\":\"" + code + "\"}",
                    load.channelOf(i), load.ownerOf(i)));
        }
        killWhen(victim, () -> harness.events(load.prefix(), "EnclaveDeprovisioned") >= Math.max(1, enclaves / 5));
        DuplicateScenarios.awaitOrFail(failures, "every enclave deprovisioned", DuplicateScenarios.bound(enclaves * 4),
                () -> harness.events(load.prefix(), "EnclaveDeprovisioned") == enclaves);
        DuplicateScenarios.awaitOrFail(failures, "every deprovisioning saga finished",
                DuplicateScenarios.bound(enclaves), () -> openSagas("DeprovisioningSaga") == 0);
        long left = harness.namespacesPerEnclave(load.prefix()).size();
        long databasesLeft = databases(load.prefix());
        if (left != 0 || databasesLeft != 0) {
            failures.add("after deprovisioning: " + left + " namespaces and " + databasesLeft + " databases left");
        }
        long deadLetters = harness.tally().deadLetters() - deadLettersBefore;
        if (deadLetters != 0) {
            failures.add(deadLetters + " dead letters");
        }
        return new ScenarioResult(5, "kill -9 of " + victim.name() + " in provisioning and in deprovisioning",
                failures, enclaves + " enclaves: " + provisioned + " when active, " + left + " namespaces and "
                + databasesLeft + " databases after, " + deadLetters + " DLT",
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** Waits for {@code ready}, then kills the victim (SIGKILL, exit 137 checked) and starts it again. */
    private void killWhen(ServiceProcess victim, java.util.function.BooleanSupplier ready) {
        List<String> notReached = new ArrayList<>();
        DuplicateScenarios.awaitOrFail(notReached, "the moment to kill", DuplicateScenarios.bound(100), ready);
        victim.kill();
        victim.start().awaitReady(FaultHarness.START);
    }

    private long openSagas(String type) {
        return harness.database.queryForObject("select count(*) from enclave_command.sagaentry where sagatype like ?",
                Long.class, "%." + type);
    }

    private long databases(String prefix) {
        return harness.database.queryForObject("select count(*) from pg_database where datname like ?", Long.class,
                "enclave-" + prefix + "%");
    }

    private long quotas(String prefix) {
        try (KubernetesClient kubernetes = harness.infrastructure.newKubernetesClient()) {
            return kubernetes.namespaces().withLabel(EnclaveLabels.ENCLAVE).list().getItems().stream()
                    .filter(namespace -> namespace.getMetadata().getLabels().get(EnclaveLabels.ENCLAVE)
                            .startsWith(prefix))
                    .mapToLong(namespace -> kubernetes.resourceQuotas().inNamespace(namespace.getMetadata().getName())
                            .list().getItems().size())
                    .sum();
        }
    }
}
