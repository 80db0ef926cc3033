package io.enclavesuite.query.enclave;

import io.enclavesuite.api.enclave.EnclaveId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The idempotence guard for every table of an enclave's read model. All events of an enclave share one stream with
 * one sequence, and {@code enclave.last_sequence} is the newest of them applied; a handler that writes member or
 * tentacle rows first claims its event here and writes only if the claim succeeds. A redelivered or replayed event
 * (sequence at or below {@code last_sequence}) therefore changes nothing anywhere, and member and tentacle rows need
 * no sequence of their own — which also keeps a removed member or tentacle from coming back through a stale event.
 * <p>
 * A handler with one write makes claim and write one statement ({@link #claimAnd}: one round trip, which is what
 * rebuilds wait on); one with several claims first. Either way Axon runs each batch of the processor in one Spring
 * transaction, together with its tracking token, so they commit together or not at all.
 */
@Component
public class EnclaveSequenceGuard {

    /**
     * The one tracking processor for every projection of enclave events (enclave, members, tentacles): within it an
     * enclave's events arrive in stream order, which the single sequence relies on.
     */
    public static final String PROCESSING_GROUP = "enclaves";

    /** What a write given to {@link #claimAnd} must make itself conditional on. */
    public static final String CLAIMED = "exists (select from claimed)";
    private static final String CLAIM =
            "update enclave set last_sequence = ?, updated_at = ? where name = ? and last_sequence < ?";

    private final JdbcTemplate jdbc;

    public EnclaveSequenceGuard(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Advances the enclave to {@code sequence} if that is newer than what it has seen.
     *
     * @return true when the event is new and its writes should apply; false for an old event or an unknown enclave
     */
    public boolean claim(EnclaveId enclave, long sequence, Instant at) {
        return jdbc.update(CLAIM, sequence, Timestamp.from(at), enclave.value(), sequence) == 1;
    }

    /**
     * The claim and one write in a single statement — one round trip instead of two: {@code write} runs only when
     * the claim succeeds, which it states with {@value #CLAIMED} in its condition ({@code where … and exists (select
     * from claimed)}, or {@code insert … select … where exists (select from claimed)}). The write does not see the
     * claim's change to the enclave row (one snapshot for the whole statement), and needs not.
     */
    public void claimAnd(EnclaveId enclave, long sequence, Instant at, String write, Object... values) {
        if (!write.contains(CLAIMED)) {
            throw new IllegalArgumentException("the write must depend on the claim: " + CLAIMED);
        }
        Object[] arguments = new Object[values.length + 4];
        arguments[0] = sequence;
        arguments[1] = Timestamp.from(at);
        arguments[2] = enclave.value();
        arguments[3] = sequence;
        System.arraycopy(values, 0, arguments, 4, values.length);
        jdbc.update("with claimed as (" + CLAIM + " returning name) " + write, arguments);
    }
}
