package io.enclavesuite.write.intake;

import io.enclavesuite.api.CommandCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

/**
 * Counts what the intake does with each record, as {@value #METER} tagged {@code type} (a public command type —
 * {@link CommandCatalog#allNames()} — or {@code unknown} for anything a sender made up), {@code outcome} and {@code reason} — a
 * category, never the reason's text, which names enclaves and people and would make a series per message.
 */
public class IntakeMetrics {

    public static final String METER = "enclave.intake.commands";
    static final String UNKNOWN_TYPE = "unknown";

    enum Outcome {
        /** Handled by its aggregate and stored. */
        ACCEPTED,
        /** Answered with a rejected result. */
        REJECTED,
        /** A command id seen before: answered with its first result, nothing changed. */
        REPEATED,
        /** Put on the dead-letter topic (and, when its id could be read, answered as rejected). */
        DEAD_LETTERED
    }

    enum Reason {
        NONE,
        /** Unsigned, or signed by a key no registered principal holds (or holds revoked, or outside its window). */
        UNTRUSTED,
        /** Issued more than five minutes before it arrived, or more than 30 s ahead. */
        STALE,
        /** Its principal may not send this type, or may not act for this actor. */
        NOT_PERMITTED,
        /** A command id its principal already used for another command. */
        REUSED_ID,
        /** Not an envelope at all. */
        UNREADABLE,
        /** Larger than the envelope limit. */
        TOO_LARGE,
        /** A type outside the service's catalog. */
        UNKNOWN_TYPE,
        /** The payload does not make a valid command. */
        INVALID,
        /** Refused before any aggregate: the wrong channel, a taken name, … */
        OUT_OF_SCOPE,
        /** Refused by its aggregate. */
        REFUSED,
        /** Its aggregate does not exist. */
        NOT_FOUND,
        /** Failed for reasons outside the command until the retries ran out. */
        FAILED
    }

    private final MeterRegistry registry;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String type, Outcome outcome, Reason reason) {
        Counter.builder(METER)
                .description("command envelopes taken off the service's command topic, by what became of them")
                .tag("type", type != null && CommandCatalog.anyCommandType(type).isPresent() ? type : UNKNOWN_TYPE)
                .tag("outcome", tag(outcome))
                .tag("reason", tag(reason))
                .register(registry)
                .increment();
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
