package io.enclavesuite.receipts.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event of the stream that the export's holder may not see (a tentacle whose mode hides it from them): its place
 * in the stream and its event hash, which the chain links as it links every event's. The hash commits to the event's
 * id, a random UUID that the export withholds with the rest, so it cannot be guessed back to the event's contents.
 *
 * @param eventHash what {@link EventChain#eventHash} gives for the event: 64 lower-case hex characters
 */
public record WithheldEvent(String aggregateId, long sequence, String eventHash) implements ChainEntry {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public WithheldEvent {
        Objects.requireNonNull(aggregateId, "aggregateId is required");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        if (eventHash == null || !HEX.matcher(eventHash).matches()) {
            throw new IllegalArgumentException("eventHash must be a SHA-256 as 64 lower-case hex characters");
        }
    }
}
