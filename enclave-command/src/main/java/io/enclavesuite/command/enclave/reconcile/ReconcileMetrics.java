package io.enclavesuite.command.enclave.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.function.Supplier;

/**
 * The reconciler's meters: {@value #REPAIRS} and {@value #REFUSED} per object, tagged with its kind and what had
 * become of it ({@code missing}, {@code changed}, {@code unexpected}, {@code posture}: never the object's name or the
 * diff, so the series stay few), and {@value #PASSES}, the time of each pass over every enclave ({@code scope=all})
 * or one ({@code scope=enclave}).
 */
final class ReconcileMetrics {

    static final String REPAIRS = "enclave.reconcile.repairs";
    static final String REFUSED = "enclave.reconcile.refused";
    static final String PASSES = "enclave.reconcile.passes";

    private final MeterRegistry registry;

    ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void counted(EnclaveReconciler.Repair repair) {
        Counter.builder(repair.refused() ? REFUSED : REPAIRS)
                .description(repair.refused() ? "drifted objects the API server would not let the reconciler put back, "
                        + "and posture findings it leaves in place" : "drifted objects the reconciler put back")
                .tag("kind", repair.kind())
                .tag("change", changeCategory(repair.change()))
                .register(registry)
                .increment();
    }

    <T> T timed(String scope, Supplier<T> pass) {
        return Timer.builder(PASSES)
                .description("passes of the reconciler, over every enclave or one")
                .tag("scope", scope)
                .register(registry)
                .record(pass);
    }

    /** {@code changed: spec.hard.pods 99→20} → {@code changed}. */
    static String changeCategory(String change) {
        int colon = change.indexOf(':');
        return colon < 0 ? change : change.substring(0, colon);
    }
}
