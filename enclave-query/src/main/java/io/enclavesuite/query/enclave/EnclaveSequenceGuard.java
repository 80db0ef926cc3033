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
 * The claim and the write are two statements: Axon runs each batch of the "enclaves" processor in one Spring
 * transaction, together with its tracking token, so they commit together or not at all.
 */
@Component
public class EnclaveSequenceGuard {

    /**
     * The one tracking processor for every projection of enclave events (enclave, members, tentacles): within it an
     * enclave's events arrive in stream order, which the single sequence relies on.
     */
    public static final String PROCESSING_GROUP = "enclaves";

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
        return jdbc.update("update enclave set last_sequence = ?, updated_at = ? where name = ? and last_sequence < ?",
                sequence, Timestamp.from(at), enclave.value(), sequence) == 1;
    }
}
