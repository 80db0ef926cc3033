package io.enclavesuite.query.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * How the read models are spread over Axon event processors ({@code enclave.read-side.processors}).
 * <ul>
 *   <li>{@code shared} (the default): one tracking processor, {@value #SHARED}, runs every read model's handlers.
 *   Each event is fetched from Kafka, deserialised and put in a unit of work once, not once per read model; with
 *   two segments it rebuilds 1.3 times faster than four processors on a 2-core machine (docs/benchmarks.md). The
 *   price: the read models are rebuilt together (the processor is the unit of replay). An event a handler keeps
 *   failing on is parked in its own read model's dead letters, so it holds up none of them.</li>
 *   <li>{@code separate}: one tracking processor per read model ({@code enclaves}, {@code history},
 *   {@code receipts}, {@code rooms}), each rebuilt and failing on its own, each reading every event itself.</li>
 * </ul>
 * Either way, within a processor an aggregate's events arrive in order, which the projections' sequence guards
 * rely on. Switching modes gives the processors new names and so new tokens: the read models start over from the
 * first event of the topics, so rebuild them after a switch (docs/operations.md).
 */
@ConfigurationProperties("enclave.read-side")
public record ReadSideProcessors(@DefaultValue("shared") Mode processors) {

    /**
     * The processor every read model shares in {@code shared} mode. One word, so that environment variables can
     * configure it ({@code AXON_EVENTHANDLING_PROCESSORS_PROJECTIONS_BATCHSIZE}): they cannot name a key with a dash.
     */
    public static final String SHARED = "projections";
    /** The read models' processing groups, each its own processor in {@code separate} mode. */
    public static final List<String> READ_MODELS = List.of("enclaves", "history", "receipts", "rooms");

    public enum Mode { SHARED, SEPARATE }

    /** The processor that runs the handlers of {@code processingGroup}. */
    public String processorOf(String processingGroup) {
        return processors == Mode.SHARED ? SHARED : processingGroup;
    }
}
