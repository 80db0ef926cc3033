package io.enclavesuite.operability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Counts what the sagas' steps come to, as {@value #METER} tagged {@code saga}, {@code step} and {@code outcome}.
 * Every tag value is a constant of the saga that records it — never an enclave, a tentacle or a failure's message —
 * so the number of series stays bounded. A saga receives this as a handler parameter, like its other resources.
 */
public class SagaSteps {

    public static final String METER = "enclave.saga.steps";
    private static final Logger log = LoggerFactory.getLogger(SagaSteps.class);

    /** What one try of a step came to. */
    public enum Outcome {
        /** The step took effect. */
        SUCCEEDED,
        /** It failed and a retry is scheduled on a persistent deadline. */
        RETRY_SCHEDULED,
        /** It failed for the last time: the saga compensates or records the failure. */
        GAVE_UP,
        /** It is waiting for the outside world (a namespace still terminating) and looks again later. */
        WAITING,
        /**
         * It failed and the saga does not retry it itself: the failure propagates (the processor or the deadline
         * manager retries it), or the saga falls back (a policy that cannot be evaluated: the person is asked).
         */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public SagaSteps(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts into a registry of its own, for tests and tools that read nothing back. */
    public static SagaSteps unobserved() {
        return new SagaSteps(new SimpleMeterRegistry());
    }

    public void record(String saga, String step, Outcome outcome) {
        counter(saga, step, outcome).increment();
        log.debug("saga {}: step {} {}", saga, step, outcome.tag());
    }

    /** The count so far of one saga's step and outcome. */
    public double count(String saga, String step, Outcome outcome) {
        return counter(saga, step, outcome).count();
    }

    private Counter counter(String saga, String step, Outcome outcome) {
        return Counter.builder(METER)
                .description("saga steps tried, by saga, step and what each try came to")
                .tag("saga", saga)
                .tag("step", step)
                .tag("outcome", outcome.tag())
                .register(registry);
    }
}
