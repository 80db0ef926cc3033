package io.enclavesuite.suite.flow;

import io.enclavesuite.command.kubernetes.Fabric8KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.KubernetesProvisioner;
import io.enclavesuite.command.kubernetes.NamespaceSpec;
import io.enclavesuite.command.kubernetes.QuotaPresets;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Faults the enclave-command flow tests put into a saga step: the real provisioner with a hook around
 * each namespace it makes, and a step that hangs until its context stops, then dies as a killed process would.
 */
final class SagaStepFaults {

    private SagaStepFaults() {
    }

    /** Fabric8's provisioner, running {@code before} and {@code after} around each namespace it ensures. */
    static KubernetesProvisioner aroundEachNamespace(KubernetesClient client, QuotaPresets quotas,
                                                     Consumer<NamespaceSpec> before, Consumer<NamespaceSpec> after) {
        KubernetesProvisioner real = new Fabric8KubernetesProvisioner(client, quotas);
        return new KubernetesProvisioner() {
            @Override
            public void ensureNamespace(NamespaceSpec spec) {
                before.accept(spec);
                real.ensureNamespace(spec);
                after.accept(spec);
            }

            @Override
            public void removeNamespace(String name) {
                real.removeNamespace(name);
            }
        };
    }

    /**
     * Blocks the calling step until its context stops and interrupts the processor, and returns the death to throw:
     * the step's work took effect, the saga never records it.
     */
    static ProcessKilled hangUntilStopped() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ProcessKilled();
    }

    /**
     * A wait on what lives on after a kill. The killed context's hung step may end only during it, with
     * {@link ProcessKilled}: that thread's uncaught Error is the simulated death, not a failure of what is awaited.
     */
    static ConditionFactory afterTheKill(Duration atMost) {
        return Awaitility.await().dontCatchUncaughtExceptions().atMost(atMost);
    }

    /** An Error, not an exception: the saga's own retry handling must not see it, as it would not see a kill. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("process killed mid-saga (simulated)");
        }
    }
}
